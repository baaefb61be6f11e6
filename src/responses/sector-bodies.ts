import { z } from 'zod';
import { bundledFile } from '../paths.ts';
import { loadYamlFile } from '../util/yaml-file.ts';

const body = z
  .object({
    name: z.string().min(2),
    aliases: z.array(z.string().min(2)).default([]),
    publishes: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a source id')).default([]),
  })
  .strict();

export const sectorBodiesFileSchema = z
  .object({ bodies: z.array(body).min(1), not_bodies: z.array(z.string().min(1)).default([]) })
  .strict()
  .superRefine((file, ctx) => {
    const owners = new Map<string, string>();
    file.bodies.forEach((b, index) => {
      for (const name of [b.name, ...b.aliases]) {
        const folded = name.toLowerCase();
        const owner = owners.get(folded);
        if (owner && owner !== b.name)
          ctx.addIssue({ code: 'custom', path: ['bodies', index], message: `"${name}" also names ${owner}` });
        owners.set(folded, b.name);
      }
    });
  });

export type SectorBodiesFile = z.infer<typeof sectorBodiesFileSchema>;

/** Looks up the body a headline names, and the body a source belongs to. */
export class SectorBodies {
  private readonly exact = new Map<string, string>();
  private readonly folded = new Map<string, string>();
  private readonly publishers = new Map<string, string>();
  private readonly notBodies: Set<string>;

  constructor(file: SectorBodiesFile) {
    for (const b of file.bodies) {
      for (const name of [b.name, ...b.aliases]) {
        // An alias in capitals (an acronym) only matches in capitals: "Become" the charity, not "become".
        if (name === name.toUpperCase()) this.exact.set(name, b.name);
        else this.folded.set(name.toLowerCase(), b.name);
      }
      for (const source of b.publishes) this.publishers.set(source, b.name);
    }
    this.notBodies = new Set(file.not_bodies.map((n) => n.toLowerCase()));
  }

  /** The body's name when `text` is exactly one of its names (a leading "The" ignored). */
  known(text: string): string | undefined {
    const name = text.trim();
    return (
      this.exact.get(name) ??
      this.folded.get(name.toLowerCase()) ??
      this.folded.get(name.replace(/^the\s+/i, '').toLowerCase())
    );
  }

  isNotABody(text: string): boolean {
    return this.notBodies.has(text.trim().toLowerCase());
  }

  /** The body whose own publication this source is (BASW for PSW). */
  publisherOf(sourceId: string): string | undefined {
    return this.publishers.get(sourceId);
  }
}

let bundled: SectorBodies | undefined;

export function loadSectorBodies(file = bundledFile('data/sector-bodies.yaml')): SectorBodies {
  if (file === bundledFile('data/sector-bodies.yaml'))
    return (bundled ??= new SectorBodies(loadYamlFile(file, sectorBodiesFileSchema)));
  return new SectorBodies(loadYamlFile(file, sectorBodiesFileSchema));
}
