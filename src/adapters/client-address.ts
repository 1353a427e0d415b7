/**
 * The address a request came from, for throttling sign-in. On Node it is the socket's peer — or,
 * behind a reverse proxy that says so (TRUST_PROXY), the address the proxy appended last to
 * X-Forwarded-For (earlier entries are whatever the client claimed). On Workers, Cloudflare's
 * CF-Connecting-IP.
 */
type RequestHeaders = { header(name: string): string | undefined };

export function nodeClientAddress(trustProxy: boolean) {
  return (request: RequestHeaders, env: unknown): string | undefined => {
    if (trustProxy) {
      const forwarded = request.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  };
}

export const workersClientAddress = (request: RequestHeaders): string | undefined => request.header('cf-connecting-ip') ?? undefined;
