import { entityRoutes } from './entityRoutes';
import { instanceRoutes } from './instanceRoutes';
import { orchestratorRoutes } from './orchestratorRoutes';
import type { Route } from './routing';

/** The API's routes, each in a file of its own; the first that knows a request's path answers it. */
export const apiRoutes: Route[] = [orchestratorRoutes, instanceRoutes, entityRoutes];
