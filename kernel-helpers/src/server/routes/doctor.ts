import type { FastifyInstance } from 'fastify';
import { diagnose, workspaceFacts } from '../../doctor/doctor';
import type { Store } from '../../store/engine/store';

/** The Health view's answers: the ML Joel test of the served store and the Jupyter root. */
export function registerDoctorRoutes(app: FastifyInstance, store: Store, root: string): void {
  app.get('/api/doctor', async () => diagnose(store, { workspace: workspaceFacts(root) }));
}
