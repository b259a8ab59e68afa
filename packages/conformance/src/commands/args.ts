/** Minimal `--name value` option parsing shared by the subcommands. */
export class CommandArgs {
  readonly positional: string[] = [];
  private readonly options = new Map<string, string[]>();
  private readonly flags = new Set<string>();

  constructor(argv: readonly string[], booleanFlags: readonly string[] = []) {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (!a.startsWith('--')) {
        this.positional.push(a);
        continue;
      }
      const name = a.slice(2);
      if (booleanFlags.includes(name)) {
        this.flags.add(name);
        continue;
      }
      const value = argv[++i];
      if (value === undefined) throw new Error(`${a} needs a value`);
      this.options.set(name, [...(this.options.get(name) ?? []), value]);
    }
  }

  flag(name: string): boolean {
    return this.flags.has(name);
  }

  optional(name: string): string | undefined {
    return this.options.get(name)?.at(-1);
  }

  all(name: string): string[] {
    return this.options.get(name) ?? [];
  }

  required(name: string): string {
    const v = this.optional(name);
    if (v === undefined) throw new Error(`--${name} is required`);
    return v;
  }
}
