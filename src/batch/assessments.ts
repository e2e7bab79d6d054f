// A batch's brief assessments, those of its open cases kept for the batch by what the policy reads.
import { assessWalked, firstWalk, leftOpen, openCaseKey, type Assessment, type CaseFacts } from '../evaluate/evaluate.js';
import type { CompiledPolicy } from '../policy/compile.js';

const BRIEF = { brief: true } as const;
/** Open cases kept per policy, at most. */
const OPEN_LIMIT = 10_000;

/**
 * The brief assessments of one batch's cases. The search over an open
 * case's unknowns (those the first walk leaves open) takes up to thousands
 * of walks, and a batch checked against a policy whose own facts it lacks
 * has few distinct keys: their results are kept for the batch's length.
 */
export class BriefAssessments {
  /** Per policy, each open case's assessment by `openCaseKey`. */
  private readonly open = new Map<CompiledPolicy, Map<string, Assessment>>();

  /**
   * The brief assessment of `facts` under `compiled`. Cases of the batch
   * whose keys are equal share one: its results are rendered, never modified.
   */
  of(compiled: CompiledPolicy, facts: CaseFacts): Assessment {
    const walked = firstWalk(compiled, facts);
    if (!leftOpen(walked)) return assessWalked(compiled, walked, BRIEF);
    let kept = this.open.get(compiled);
    if (!kept) this.open.set(compiled, (kept = new Map()));
    const key = openCaseKey(compiled, walked);
    let assessment = kept.get(key);
    if (!assessment) {
      assessment = assessWalked(compiled, walked, BRIEF);
      if (kept.size < OPEN_LIMIT) kept.set(key, assessment);
    }
    return assessment;
  }
}
