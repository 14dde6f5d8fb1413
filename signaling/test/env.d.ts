// Types the test env (`import { env } from 'cloudflare:workers'`) as this Worker's bindings.
import type { Env as WorkerEnv } from '../src/env';

declare global {
  namespace Cloudflare {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env extends WorkerEnv {}
  }
}
