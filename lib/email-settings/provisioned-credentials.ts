// The wizard can hold a reference to SMTP credentials Inflowave created in the customer's AWS
// account instead of a typed password. The server swaps the reference for the sealed password
// before the settings are checked, so tests, fingerprints and the save treat both alike.
import { openProvisionedSmtpCredential } from "../data/provisioned-smtp-credentials";
import { sesRegionName } from "../ses/regions";
import type { WorkspaceContext } from "../workspace/context";
import type { Parsed, SettingsInput } from "./requests";
import type { SetupDeps } from "./sending-domain-setup";

export const PROVISIONED_CREDENTIAL_GONE =
  "The SMTP credentials Inflowave created are no longer available here (they are kept for 24 hours until you save). Create new ones, or enter an SMTP password.";

/** Settings with the created credential's password in place of its reference, or field errors. */
export async function withProvisionedPassword(
  deps: Pick<SetupDeps, "prisma" | "keyring">,
  ctx: WorkspaceContext,
  settings: SettingsInput,
): Promise<Parsed<SettingsInput>> {
  const { provisionedCredentialId, ...rest } = settings;
  if (!provisionedCredentialId) return { ok: true, value: rest };
  const created = await openProvisionedSmtpCredential(
    deps.prisma,
    deps.keyring,
    ctx.workspace.id,
    provisionedCredentialId,
  );
  if (!created) return { ok: false, fieldErrors: { password: [PROVISIONED_CREDENTIAL_GONE] } };
  if (rest.region && rest.region !== created.region) {
    const name = sesRegionName(created.region) ?? created.region;
    return {
      ok: false,
      fieldErrors: {
        region: [
          `The SMTP password Inflowave created is for ${name} (${created.region}): an SMTP password only works in the region it was made for. Pick ${created.region}, or create credentials for this region.`,
        ],
      },
    };
  }
  if (rest.username !== undefined && rest.username.trim() !== created.username) {
    return {
      ok: false,
      fieldErrors: {
        username: [
          `This is not the user name of the credentials Inflowave created (${created.username}). Put it back, or enter your own password too.`,
        ],
      },
    };
  }
  return { ok: true, value: { ...rest, username: created.username, password: created.password.reveal() } };
}
