// Case facts shared by several test files.
import type { CaseFacts } from '../../src/evaluate/evaluate.js';

/** policies/tests/fuzhou-2019.yaml `base`: exempt under 第六条第(三)项, 第八条第(三)项 and 第四条. */
export const FUZHOU_EXEMPT: CaseFacts = {
  inScope: true,
  improperBenefit: false,
  prohibitedAtTime: false,
  alignedWithDirectives: true,
  decisionProcess: 'followed',
  intent: 'inadvertent',
  severity: 'minor',
  remediation: 'proactive',
  promotesDevelopment: true,
  collusion: false,
  repeatedError: false,
  vanityProject: false,
  reformAsPretext: false,
  situations: ['reform-pilot'],
};
