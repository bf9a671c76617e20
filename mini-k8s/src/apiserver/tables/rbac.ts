/**
 * RBAC binding printers (printers.go `printRoleBinding`, `printClusterRoleBinding`). Roles and
 * cluster roles have no printer upstream and use the generic Name / Created At table.
 */
import { translateTimestampSince } from './age';
import * as d from './descriptions';
import { column } from './types';
import type { Printer, TableColumnDefinition } from './types';

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

interface Binding {
  roleRef?: { kind?: string; name?: string };
  subjects?: Subject[];
}

/** subjectsStrings is rbac.SubjectsStrings: users, groups and `namespace/name` service accounts. */
function subjectsStrings(subjects: Subject[] | undefined): {
  users: string[];
  groups: string[];
  sas: string[];
} {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const subject of subjects ?? []) {
    if (subject.kind === 'ServiceAccount') sas.push(`${subject.namespace ?? ''}/${subject.name ?? ''}`);
    else if (subject.kind === 'User') users.push(subject.name ?? '');
    else if (subject.kind === 'Group') groups.push(subject.name ?? '');
  }
  return { users, groups, sas };
}

function bindingPrinter(roleRefDescription: string, noun: string): Printer {
  const columns: TableColumnDefinition[] = [
    column('Name', 'string', d.OBJECT_NAME, { format: 'name' }),
    column('Role', 'string', roleRefDescription),
    column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP),
    column('Users', 'string', `Users in the ${noun}`, { priority: 1 }),
    column('Groups', 'string', `Groups in the ${noun}`, { priority: 1 }),
    column('ServiceAccounts', 'string', `ServiceAccounts in the ${noun}`, { priority: 1 }),
  ];
  return {
    columns,
    print(obj, ctx) {
      const binding = obj as unknown as Binding;
      const { users, groups, sas } = subjectsStrings(binding.subjects);
      return {
        cells: [
          obj.metadata.name ?? '',
          `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`,
          translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
          users.join(', '),
          groups.join(', '),
          sas.join(', '),
        ],
      };
    },
  };
}

/** roleBindingPrinter: Name, Role (`Kind/name`), Age, Users, Groups, ServiceAccounts. */
export const roleBindingPrinter: Printer = bindingPrinter(d.ROLE_BINDING_ROLE_REF, 'roleBinding');

/** clusterRoleBindingPrinter: Name, Role (`Kind/name`), Age, Users, Groups, ServiceAccounts. */
export const clusterRoleBindingPrinter: Printer = bindingPrinter(
  d.CLUSTER_ROLE_BINDING_ROLE_REF,
  'clusterRoleBinding',
);
