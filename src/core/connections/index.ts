/**
 * The connection model of a project, in one place: the entries of connections.json's five
 * sections indexed by (section, name), what each `connection.id` resolves to, which workflow
 * actions use each entry, the Consumption `$connections` reading, and whether a connection works.
 * The rules, the editor's trees, lenses and commands, and the CLI read connections through here.
 */
export * from './sections';
export * from './entries';
export * from './references';
export * from './ids';
export * from './usage';
export * from './consumption';
export * from './health';
export * from './template';
export * from './arm';
