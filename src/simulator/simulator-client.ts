/** A minimal fetch client for the simulator, for specs and benchmarks. */
export interface SimulatorCall {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body; undefined when the body is not JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  token?: string;
  workspaceId?: string | number | null;
  /** An object is sent as JSON with `Content-Type: application/json`; a string is sent raw. */
  body?: unknown;
  headers?: Record<string, string>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function requestHeaders(options: CallOptions): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token !== undefined) {
    headers.Authorization = `Bearer ${options.token}`;
  }
  if (options.workspaceId !== undefined && options.workspaceId !== null) {
    headers['Workspace-Id'] = String(options.workspaceId);
  }
  if (options.body !== undefined && typeof options.body !== 'string') {
    headers['Content-Type'] = 'application/json';
  }
  return { ...headers, ...options.headers };
}

export async function callSimulator(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<SimulatorCall> {
  const body =
    options.body === undefined || typeof options.body === 'string'
      ? options.body
      : JSON.stringify(options.body);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: requestHeaders(options),
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: parseJson(text) };
}
