import type { WorkspaceMember } from "@/lib/workspace/context";
import { Avatar } from "./avatar";
import { Card } from "./card";
import { FormattedDate } from "./formatted-date";
import { RoleBadge } from "./role-badge";

const headerCell = "px-4 py-3 text-left text-xs font-medium tracking-wide text-gray-500 uppercase";
const cell = "px-4 py-4 align-middle text-sm text-gray-700";

export function WorkspaceMemberList({ members, currentUserId }: { members: WorkspaceMember[]; currentUserId: string }) {
  return (
    <Card>
      <table className="min-w-full divide-y divide-gray-200">
        <caption className="sr-only">Workspace members</caption>
        <thead className="bg-gray-50">
          <tr>
            <th scope="col" className={headerCell}>
              Name
            </th>
            <th scope="col" className={`${headerCell} hidden md:table-cell`}>
              Email
            </th>
            <th scope="col" className={headerCell}>
              Role
            </th>
            <th scope="col" className={`${headerCell} hidden sm:table-cell`}>
              Joined
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {members.map((member) => (
            <tr key={member.userId} data-testid="workspace-member-row">
              <th scope="row" className={`${cell} text-left font-normal`}>
                <div className="flex items-center gap-3">
                  <Avatar name={member.name} />
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-center gap-2 font-medium text-gray-900">
                      {member.name}
                      {member.userId === currentUserId && (
                        <span className="rounded-md bg-gray-100 px-1.5 py-0.5 text-[11px] font-medium text-gray-600">
                          You
                        </span>
                      )}
                    </div>
                    <div className="truncate text-xs text-gray-500 md:hidden">{member.email}</div>
                  </div>
                </div>
              </th>
              <td className={`${cell} hidden md:table-cell`}>{member.email}</td>
              <td className={cell}>
                <RoleBadge role={member.role} />
              </td>
              <td className={`${cell} hidden whitespace-nowrap sm:table-cell`}>
                <FormattedDate date={member.joinedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
