// A policy's metadata as the JSON outputs show it: `policies --format json`
// lists it for each policy, and `report --format json` opens its `policy` with it.
import type { Policy } from './schema.js';

export interface PolicyMetadata {
  id: string;
  title: string;
  shortName: string;
  issuer: string;
  documentNumber: string | null;
  date: string | null;
  status: string;
}

export function policyMetadata(p: Policy): PolicyMetadata {
  return { id: p.id, title: p.title, shortName: p.shortName, issuer: p.issuer, documentNumber: p.documentNumber, date: p.date, status: p.status };
}
