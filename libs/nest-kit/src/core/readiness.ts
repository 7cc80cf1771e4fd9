/**
 * Readiness: components register named checks ("store recovered", "registered with a namesrv");
 * `/ready` is 200 only when all pass. Liveness (`/health`) only says the process answers.
 */
export type ReadinessCheck = () => boolean | string;

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Each check's verdict: true, or the reason it is not ready. */
  evaluate(): { ready: boolean; checks: Record<string, true | string> } {
    const checks: Record<string, true | string> = {};
    let ready = true;
    for (const [name, check] of this.checks) {
      let verdict: boolean | string;
      try {
        verdict = check();
      } catch (err) {
        verdict = err instanceof Error ? err.message : String(err);
      }
      checks[name] = verdict === true ? true : verdict === false ? 'not ready' : verdict;
      if (verdict !== true) ready = false;
    }
    return { ready, checks };
  }
}
