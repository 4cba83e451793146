// IAM's list calls, all pages of them. A user has at most ten groups and few inline policies, so
// a handful of pages is plenty; stopping there keeps a strange account from looping.
import {
  type IAMClient,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
} from "@aws-sdk/client-iam";

const MAX_PAGES = 5;

async function listPages(
  fetchPage: (marker?: string) => Promise<{ items: string[]; next?: string }>,
): Promise<string[]> {
  const items: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(marker);
    items.push(...result.items);
    if (!result.next) break;
    marker = result.next;
  }
  return items;
}

export function listUserPolicies(iam: IAMClient, userName: string): Promise<string[]> {
  return listPages(async (Marker) => {
    const out = await iam.send(new ListUserPoliciesCommand({ UserName: userName, ...(Marker ? { Marker } : {}) }));
    return { items: out.PolicyNames ?? [], next: out.IsTruncated ? out.Marker : undefined };
  });
}

export function listGroupsForUser(iam: IAMClient, userName: string): Promise<string[]> {
  return listPages(async (Marker) => {
    const out = await iam.send(new ListGroupsForUserCommand({ UserName: userName, ...(Marker ? { Marker } : {}) }));
    return {
      items: (out.Groups ?? []).map((group) => group.GroupName ?? "").filter(Boolean),
      next: out.IsTruncated ? out.Marker : undefined,
    };
  });
}

export function listGroupPolicies(iam: IAMClient, groupName: string): Promise<string[]> {
  return listPages(async (Marker) => {
    const out = await iam.send(new ListGroupPoliciesCommand({ GroupName: groupName, ...(Marker ? { Marker } : {}) }));
    return { items: out.PolicyNames ?? [], next: out.IsTruncated ? out.Marker : undefined };
  });
}
