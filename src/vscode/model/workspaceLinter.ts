// Pure (no `vscode` import): unit-tested in Node. The editor side feeds it paths and texts.
import { lintProject, type LintRunOptions } from '../../core/engine';
import type { JsonFile } from '../../core/json/jsonFile';
import type { OversizeText } from '../../core/limits';
import { FileCache, groupProjects, layoutPaths, loadProject, projectFiles, type Project, type ProjectLayout } from '../../core/project';
import type { Finding, LintSettings } from '../../core/types';
import type { RunControl } from './scheduler';
import { connectionKey } from '../../core/connections';

/** The text of an open editor (with its document version). */
export interface OpenText {
  text: string;
  version: number;
}

export interface LinterHost {
  /** The editor's text when the file is open; undefined otherwise (then the disk is read). */
  openText(path: string): OpenText | undefined;
  /** The file's text on disk, or undefined when it cannot be read. */
  readDisk(path: string): Promise<string | OversizeText | undefined>;
  /** Settings that apply to a project root. */
  settingsFor(root: string): LintSettings;
  /**
   * Azure-aware linting of a project, when Azure is in use: the run options (facts known now) and
   * the connection ids the project names (its files are linted again when their facts change).
   */
  azureFor?(project: Project): { options: LintRunOptions; ids: readonly string[] } | undefined;
}

/** What a file looked like when it was linted: fixes' offsets refer to `file.text`. */
export interface Snapshot {
  file: JsonFile;
  /** Document version when the text came from an editor; undefined for disk. */
  version: number | undefined;
}

export interface FileResult {
  path: string;
  findings: Finding[];
  snapshot: Snapshot | undefined;
}

export interface Membership {
  /** Files whose project changed (added, or grouped differently): lint their projects. */
  dirty: string[];
  /** Files that left every project (removed, or no longer part of one): clear their problems. */
  cleared: string[];
}

export interface LinterStats {
  runs: number;
  projectsLinted: number;
  /** Files parsed (a FileCache miss); files whose text did not change are not parsed again. */
  filesParsed: number;
}

export function layoutFiles(l: ProjectLayout): string[] {
  return layoutPaths(l);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The workspace as projects: candidate files are grouped with the core's `groupProjects`, and a
 * change to any file re-lints its whole project (editing parameters.json re-lints connections.json
 * and the workflows), re-parsing only files whose text changed (FileCache).
 */
export class WorkspaceLinter {
  private readonly candidates = new Set<string>();
  private layouts: ProjectLayout[] = [];
  private readonly layoutOf = new Map<string, ProjectLayout>();
  private readonly signatureOf = new Map<string, string>();
  private readonly cache = new FileCache();
  private readonly disk = new Map<string, Promise<string | OversizeText | undefined>>();
  private readonly snapshots = new Map<string, Snapshot>();
  /** Connection ids (lower case) each project named when last linted with Azure, by its first file. */
  private readonly azureIds = new Map<string, Set<string>>();
  /** The project model of each layout as last linted, by its first file. */
  private readonly lastProjects = new Map<string, Project>();
  readonly stats: LinterStats = { runs: 0, projectsLinted: 0, filesParsed: 0 };

  constructor(private readonly host: LinterHost) {}

  has(path: string): boolean {
    return this.candidates.has(path);
  }

  paths(): string[] {
    return [...this.candidates];
  }

  /** Whether a file is part of a project that gets linted. */
  isLinted(path: string): boolean {
    return this.layoutOf.has(path);
  }

  /** Replace every candidate (a rescan). */
  replaceAll(paths: Iterable<string>): Membership {
    const next = new Set(paths);
    const removed = [...this.candidates].filter((p) => !next.has(p));
    this.candidates.clear();
    for (const p of next) this.candidates.add(p);
    for (const p of removed) this.forget(p);
    return this.regroup(removed);
  }

  add(paths: Iterable<string>): Membership {
    let changed = false;
    for (const p of paths) {
      if (this.candidates.has(p)) continue;
      this.candidates.add(p);
      changed = true;
    }
    return changed ? this.regroup([]) : { dirty: [], cleared: [] };
  }

  remove(paths: Iterable<string>): Membership {
    const removed: string[] = [];
    for (const p of paths) if (this.candidates.delete(p)) removed.push(p);
    for (const p of removed) this.forget(p);
    return removed.length ? this.regroup(removed) : { dirty: [], cleared: [] };
  }

  /** Candidates equal to `path` or below it (a deleted folder reports only itself). */
  under(path: string, sep: string): string[] {
    const prefix = path.endsWith(sep) ? path : path + sep;
    return [...this.candidates].filter((p) => p === path || p.startsWith(prefix));
  }

  /** The disk text changed (watcher): read it again next time. */
  invalidateDisk(path: string): void {
    this.disk.delete(path);
  }

  invalidateAllDisk(): void {
    this.disk.clear();
  }

  snapshot(path: string): Snapshot | undefined {
    return this.snapshots.get(path);
  }

  allLayouts(): ProjectLayout[] {
    return [...this.layouts];
  }

  /** The projects that contain any of the files. */
  layoutsFor(paths: Iterable<string>): ProjectLayout[] {
    const out = new Set<ProjectLayout>();
    for (const p of paths) {
      const l = this.layoutOf.get(p);
      if (l) out.add(l);
    }
    return this.layouts.filter((l) => out.has(l));
  }

  /**
   * Lint the projects, one at a time, yielding to the event loop between them. A project with a
   * file that changed again meanwhile is skipped (the next run lints it); a cancelled run stops.
   * Each project's results (every file of it, with or without findings) go to `publish` at once.
   */
  async lint(layouts: readonly ProjectLayout[], control: RunControl, publish: (results: FileResult[]) => void, onError: (layout: ProjectLayout, e: unknown) => void): Promise<void> {
    this.stats.runs++;
    for (const layout of layouts) {
      if (control.cancelled) return;
      // Regrouped meanwhile into another project: the regroup requested it. A regroup elsewhere (a
      // folder deleted) rebuilds every layout object, so compare what the project is, not identity.
      if (!this.isCurrentLayout(layout)) continue;
      const files = layoutFiles(layout);
      if (files.some((f) => control.isStale(f))) continue;
      try {
        const texts = new Map<string, { text: string | OversizeText; version: number | undefined }>();
        await Promise.all(
          files.map(async (f) => {
            const open = this.host.openText(f);
            if (open) texts.set(f, open);
            else {
              const text = await this.readDisk(f);
              if (text !== undefined) texts.set(f, { text, version: undefined });
            }
          }),
        );
        if (control.cancelled) return;
        if (files.some((f) => control.isStale(f)) || !this.isCurrentLayout(layout)) continue;
        // Editor texts may have changed while the disk was read: take them now, synchronously.
        for (const f of files) {
          const open = this.host.openText(f);
          if (open) texts.set(f, open);
        }
        const project = loadProject(layout, (f) => texts.get(f)?.text, this.cache);
        const loaded = new Map<string, JsonFile>();
        for (const jf of projectFiles(project)) {
          loaded.set(jf.path, jf);
          if (this.snapshots.get(jf.path)?.file !== jf) this.stats.filesParsed++;
        }
        this.lastProjects.set(files[0], project);
        const azure = this.host.azureFor?.(project);
        if (azure?.ids.length) this.azureIds.set(files[0], new Set(azure.ids.map(connectionKey)));
        else this.azureIds.delete(files[0]);
        const findings = lintProject(project, this.host.settingsFor(layout.root), azure?.options);
        this.stats.projectsLinted++;
        const byFile = new Map<string, Finding[]>(files.map((f) => [f, []]));
        for (const f of findings) byFile.get(f.file)?.push(f);
        const results: FileResult[] = [];
        for (const f of files) {
          const jf = loaded.get(f);
          const snapshot = jf ? { file: jf, version: texts.get(f)?.version } : undefined;
          if (snapshot) this.snapshots.set(f, snapshot);
          else this.snapshots.delete(f);
          results.push({ path: f, findings: byFile.get(f) ?? [], snapshot });
        }
        publish(results);
      } catch (e) {
        onError(layout, e);
      }
      await yieldToEventLoop();
    }
  }

  /**
   * Every project as last linted (the model the tree shows), in layout order. Projects not linted
   * yet are missing; removed ones are gone.
   */
  projects(): Project[] {
    const out: Project[] = [];
    for (const l of this.layouts) {
      const p = this.lastProjects.get(layoutFiles(l)[0]);
      if (p) out.push(p);
    }
    return out;
  }

  /** Whether a layout still describes a project of the workspace (the same files, grouped alike). */
  private isCurrentLayout(layout: ProjectLayout): boolean {
    const first = layoutFiles(layout)[0];
    const current = first === undefined ? undefined : this.layoutOf.get(first);
    return current === layout || (!!current && this.signatureOf.get(first!) === JSON.stringify(layout));
  }

  /** Files of the projects that named any of these connection ids when last linted with Azure. */
  filesNaming(ids: Iterable<string>): string[] {
    const wanted = new Set([...ids].map(connectionKey));
    const out: string[] = [];
    for (const [first, named] of this.azureIds) {
      if (![...named].some((id) => wanted.has(id))) continue;
      const layout = this.layoutOf.get(first);
      if (layout) out.push(...layoutFiles(layout));
    }
    return out;
  }

  private readDisk(path: string): Promise<string | OversizeText | undefined> {
    let p = this.disk.get(path);
    if (!p) {
      p = this.host.readDisk(path).catch(() => undefined);
      this.disk.set(path, p);
    }
    return p;
  }

  private forget(path: string): void {
    this.azureIds.delete(path);
    this.cache.delete(path);
    this.disk.delete(path);
    this.snapshots.delete(path);
  }

  private regroup(removed: readonly string[]): Membership {
    this.layouts = groupProjects([...this.candidates]);
    const before = new Map(this.signatureOf);
    this.layoutOf.clear();
    this.signatureOf.clear();
    for (const l of this.layouts) {
      const sig = JSON.stringify(l);
      for (const f of layoutFiles(l)) {
        this.layoutOf.set(f, l);
        this.signatureOf.set(f, sig);
      }
    }
    const dirty: string[] = [];
    for (const [f, sig] of this.signatureOf) if (before.get(f) !== sig) dirty.push(f);
    const cleared = new Set(removed);
    for (const f of before.keys()) if (!this.signatureOf.has(f)) cleared.add(f);
    for (const f of cleared) if (!this.candidates.has(f) || !this.layoutOf.has(f)) this.snapshots.delete(f);
    for (const f of [...this.lastProjects.keys()]) if (!this.layoutOf.has(f)) this.lastProjects.delete(f);
    return { dirty, cleared: [...cleared] };
  }
}
