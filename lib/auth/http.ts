// The sign-in endpoints as the app serves them: Better Auth's handler behind our own cross-site
// check, because a forged sign-in POST (login CSRF) carries no cookie and so passes Better Auth's.
import { isSameOriginRequest } from "../http/same-origin";
import type { Auth } from "./server";

export async function handleAuthRequest(
  auth: Auth,
  request: Request,
  allowedOrigins: readonly string[] = [],
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD" && !isSameOriginRequest(request, allowedOrigins)) {
    return Response.json(
      { error: "cross_site", message: "This sign-in request came from another website, so it was refused." },
      { status: 403 },
    );
  }
  return auth.handler(request);
}
