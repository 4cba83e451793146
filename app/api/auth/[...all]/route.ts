import { handleAuthRequest } from "@/lib/auth/http";
import { allowedOriginsFrom } from "@/lib/http/same-origin";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

// Better Auth's endpoints (sign-in, sign-out, session) under /api/auth/*.
function handle(request: Request): Promise<Response> {
  return handleAuthRequest(getRuntime().auth(), request, allowedOriginsFrom(process.env));
}

export { handle as GET, handle as POST };
