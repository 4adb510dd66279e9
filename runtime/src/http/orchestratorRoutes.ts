import { checkStatusReply } from './checkStatus';
import { readJsonBody } from './jsonBody';
import { allow, type Route } from './routing';

/** `POST {base}/orchestrators/{name}[/{instanceId}][?version=V]`: start an instance; 202 with the check-status payload. */
export const orchestratorRoutes: Route = (api) => {
  const [collection, ...rest] = api.segments;
  if (collection !== 'orchestrators' || rest.length < 1 || rest.length > 2) return undefined;
  return (async () => {
    allow(api.method, ['POST']);
    const input = await readJsonBody(api.request);
    const instanceId = await api.client.start(rest[0], input, { instanceId: rest[1], version: api.url.searchParams.get('version') ?? undefined });
    return checkStatusReply(api.baseUrl, instanceId, api.key);
  })();
};
