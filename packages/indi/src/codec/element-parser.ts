import { LabwireError } from '@labwire/core';
import sax from 'sax';
import type { Base64Body } from './base64-body.js';
import { blobContent } from './blob-content.js';
import { IndiErrorCode } from './errors.js';
import type { IndiDecoderLimits } from './limits.js';
import {
  type IndiBlobMember,
  type IndiMessage,
  type IndiNumberMember,
  type IndiTextMember,
  MEMBER_TAG,
} from './messages.js';
import { parseIndiNumber, trimC } from './number-parse.js';

type Attributes = Record<string, string>;

/** A `&` that starts none of the five XML entities is literal text for lilxml; sax needs it escaped. */
const LONE_AMPERSAND = /&(?!(?:amp|lt|gt|apos|quot);)/g;
/** The longest of those entities, `&apos;`: a `&` closer than this to the end of a piece of a stream cannot be judged yet. */
export const LONGEST_ENTITY = 6;

export function escapeLoneAmpersands(text: string): string {
  return text.indexOf('&') === -1 ? text : text.replace(LONE_AMPERSAND, '&amp;');
}

const NO_BLOBS: Base64Body[] = [];

/** What sax keeps public on its parser but does not type. */
interface SaxInternals {
  state: number;
  /** Text read since the last markup, not yet emitted. */
  textNode: string;
}
/** The state between tags, outside any markup. */
const SAX_TEXT = (sax as unknown as { STATE: Record<string, number> }).STATE.TEXT;

/** lilxml drops raw control characters inside attribute values. */
const CONTROL = /[\x00-\x1f]/g;

const SIMPLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  message: ['device', 'timestamp', 'message'],
  delProperty: ['device', 'name', 'timestamp', 'message'],
  getProperties: ['version', 'device', 'name'],
  enableBLOB: ['device', 'name'],
  pingRequest: ['uid'],
  pingReply: ['uid'],
};

/**
 * The element names INDI defines, each mapped to itself as a constant. sax builds names a
 * character at a time (a chain of pieces past 12 characters), which are slow to hash and compare;
 * messages carry the constant, so every `switch (message.type)` downstream compares pointers.
 */
const ELEMENT_NAMES: ReadonlyMap<string, string> = new Map(
  [...Object.keys(MEMBER_TAG), ...Object.keys(SIMPLE_FIELDS)].map((name) => [name, name]),
);

function clean(value: string): string {
  // A plain loop: cheaper than a regular expression call on these short values.
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) < 32) return value.replace(CONTROL, '');
  }
  return value;
}

function number(text: string): number | null {
  return parseIndiNumber(text) ?? null;
}

const LEADING_DIGITS = /^[\t\n\v\f\r ]*\+?(\d+)/;
function integer(text: string): number | null {
  const m = LEADING_DIGITS.exec(text);
  return m === null ? null : Number(m[1]);
}

type Building = {
  type: string;
  fields: Record<string, unknown>;
  members: unknown[] | undefined;
  memberTag: string | undefined;
};

/**
 * Turns one complete top-level element (as framed, BLOB bodies cut out) into a typed message,
 * with one strict `sax` parser kept open under a synthetic root so that no parser is created
 * per element. lilxml's rules are applied around sax: lone `&` escaped before, control
 * characters dropped from attributes and member text trimmed after.
 */
export class ElementParser {
  private parser!: sax.SAXParser;
  private level = 0;
  private current: Building | undefined;
  private member: Record<string, unknown> | undefined;
  private memberText = '';
  private elementText = '';
  private blobs: Base64Body[] = [];
  private blobIndex = 0;
  private done: Array<IndiMessage | undefined> = [];
  private finished = 0;
  private failure: LabwireError | undefined;

  constructor(private readonly limits: IndiDecoderLimits) {
    this.newParser();
  }

  /**
   * Parses `count` complete top-level elements given as one text (one sax write for many small
   * elements). Returns one entry per element, undefined for an element INDI does not define,
   * or throws a LabwireError when any of them is malformed or has a BLOB over its limits (the
   * caller then parses them one by one to place the error).
   */
  parse(text: string, blobs: Base64Body[], count = 1): Array<IndiMessage | undefined> {
    this.blobs = blobs;
    this.current = undefined;
    this.member = undefined;
    this.write(escapeLoneAmpersands(text));
    if (this.failure === undefined && this.finished !== count) {
      this.failure = new LabwireError(
        IndiErrorCode.XML_MALFORMED,
        'malformed INDI element: element not closed',
      );
    }
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.newParser();
      throw failure;
    }
    return this.done;
  }

  /**
   * Parses the next piece of a stream of elements that may start and end anywhere, with no BLOB
   * bodies in it; `text` has had its lone ampersands escaped. Returns the elements it completed
   * (as `parse` does) and, when the text was malformed, the error: the elements before it are
   * good, nothing after it is, and the parser must be `restart`ed.
   */
  stream(text: string): { completed: Array<IndiMessage | undefined>; failure: LabwireError | undefined } {
    this.blobs = NO_BLOBS;
    this.write(text);
    return { completed: this.done, failure: this.failure };
  }

  /** Between top-level elements, with nothing of the next one read yet. */
  get atTopLevel(): boolean {
    return this.level === 1 && (this.parser as unknown as SaxInternals).state === SAX_TEXT;
  }

  /** Characters of text sax holds, read since the last markup. */
  get heldText(): number {
    return (this.parser as unknown as SaxInternals).textNode.length;
  }

  /**
   * Forgets text read between top-level elements (which INDI ignores). sax would keep it until
   * the next `<`: without position tracking it never checks its buffers, so a peer sending text
   * and no elements would grow this without bound.
   */
  dropTopLevelText(): void {
    if (this.atTopLevel) (this.parser as unknown as SaxInternals).textNode = '';
  }

  /** Forgets everything, as new. */
  restart(): void {
    this.current = undefined;
    this.member = undefined;
    this.newParser();
  }

  private write(input: string): void {
    this.blobIndex = 0;
    this.done = [];
    this.finished = 0;
    this.failure = undefined;
    try {
      this.parser.write(input);
    } catch (err) {
      this.failure ??= new LabwireError(
        IndiErrorCode.XML_MALFORMED,
        `malformed INDI element: ${(err as Error).message}`,
      );
    }
  }

  private newParser(): void {
    const parser = sax.parser(true, { position: false });
    parser.onopentag = (tag) =>
      this.open(tag.name, tag.attributes as Attributes, (tag as sax.Tag).isSelfClosing);
    parser.ontext = (text) => {
      if (this.level === 3 && this.member !== undefined) this.memberText += text;
      // Only enableBLOB reads its own text; the blanks between other elements' members are dropped.
      else if (this.level === 2 && this.current?.type === 'enableBLOB') this.elementText += text;
    };
    parser.onclosetag = () => this.close();
    parser.onerror = (err) => {
      this.failure ??= new LabwireError(
        IndiErrorCode.XML_MALFORMED,
        `malformed INDI element: ${err.message.split('\n')[0]}`,
        {
          details: { resynchronised: true },
        },
      );
      // Keep sax from throwing on the rest of this write; the parser is replaced afterwards.
      parser.error = null as unknown as Error;
    };
    this.parser = parser;
    this.level = 0;
    parser.write('<r>');
  }

  private open(name: string, attributes: Attributes, selfClosing: boolean): void {
    this.level += 1;
    if (this.failure !== undefined) return;
    if (name === 'oneBLOB' && !selfClosing) this.blobIndex += 1;
    if (this.level === 2) this.openElement(name, attributes);
    else if (this.level === 3) this.openMember(name, attributes);
  }

  private openElement(tagName: string, attributes: Attributes): void {
    this.elementText = '';
    const name = ELEMENT_NAMES.get(tagName);
    if (name === undefined) {
      this.current = undefined;
      return;
    }
    const memberTag = MEMBER_TAG[name];
    const fields: Record<string, unknown> = { type: name };
    if (memberTag !== undefined) {
      // One pass over the attributes sax collected (cheaper than probing each known name).
      // Named stores, not fields[key]: a keyed store with ever-changing keys is megamorphic.
      for (const key in attributes) {
        const v = attributes[key]!;
        switch (key) {
          case 'device':
            fields.device = clean(v);
            break;
          case 'name':
            fields.name = clean(v);
            break;
          case 'label':
            fields.label = clean(v);
            break;
          case 'group':
            fields.group = clean(v);
            break;
          case 'state':
            fields.state = clean(v);
            break;
          case 'perm':
            fields.perm = clean(v);
            break;
          case 'rule':
            fields.rule = clean(v);
            break;
          case 'timestamp':
            fields.timestamp = clean(v);
            break;
          case 'message':
            fields.message = clean(v);
            break;
          case 'timeout':
            fields.timeout = number(clean(v));
            break;
        }
      }
      this.current = { type: name, fields, members: [], memberTag };
      return;
    }
    const simple = SIMPLE_FIELDS[name]!;
    for (const key of simple) {
      const v = attributes[key];
      if (v !== undefined) fields[key] = clean(v);
    }
    this.current = { type: name, fields, members: undefined, memberTag: undefined };
  }

  private openMember(name: string, attributes: Attributes): void {
    const current = this.current;
    if (current?.memberTag !== name) {
      this.member = undefined;
      return;
    }
    const member: Record<string, unknown> = {};
    const isDef = name.charCodeAt(0) === 100; /* d */
    const isNumber = name === 'defNumber' || name === 'oneNumber';
    const isBlob = name === 'oneBLOB';
    for (const key in attributes) {
      const v = attributes[key]!;
      switch (key) {
        case 'name':
          member.name = clean(v);
          break;
        case 'label':
          if (isDef) member.label = clean(v);
          break;
        case 'format':
          if (name === 'defNumber' || isBlob) member.format = clean(v);
          break;
        case 'min':
          if (isNumber) member.min = number(clean(v));
          break;
        case 'max':
          if (isNumber) member.max = number(clean(v));
          break;
        case 'step':
          if (isNumber) member.step = number(clean(v));
          break;
        case 'size':
          if (isBlob) member.size = integer(v);
          break;
        case 'len':
          if (isBlob) member.len = integer(v);
          break;
        case 'enclen':
          if (isBlob) member.enclen = integer(v);
          break;
      }
    }
    if (isBlob) member.blob = this.blobIndex > 0 ? this.blobs[this.blobIndex - 1] : undefined;
    this.member = member;
    this.memberText = '';
  }

  private close(): void {
    const level = this.level;
    this.level -= 1;
    if (this.failure !== undefined) return;
    if (level === 3) this.closeMember();
    else if (level === 2) this.closeElement();
    // `</r>` at top level would close the synthetic root and end the stream for sax.
    else if (level === 1) {
      this.failure = new LabwireError(
        IndiErrorCode.XML_MALFORMED,
        'malformed INDI element: end tag at top level',
      );
    }
  }

  private closeMember(): void {
    const member = this.member;
    const current = this.current;
    this.member = undefined;
    if (member === undefined || current?.members === undefined) return;
    const tag = current.memberTag!;
    if (tag === 'defNumber' || tag === 'oneNumber') {
      (member as unknown as IndiNumberMember).value = number(this.memberText);
    } else if (tag === 'oneBLOB') {
      const body = member.blob as Base64Body | undefined;
      delete member.blob;
      const decoded = body === undefined ? new Uint8Array(0) : body.finish();
      const blob = member as IndiBlobMember;
      blob.wireByteLength = decoded.byteLength;
      try {
        blob.data = blobContent(decoded, blob.format, blob.len, this.limits);
      } catch (err) {
        this.failure = err as LabwireError;
        return;
      }
    } else if (tag !== 'defBLOB') {
      (member as unknown as IndiTextMember).value = trimC(this.memberText);
    }
    current.members.push(member);
  }

  private closeElement(): void {
    this.finished += 1;
    const current = this.current;
    this.current = undefined;
    if (current === undefined) {
      this.done.push(undefined);
      return;
    }
    const message = current.fields;
    if (current.members !== undefined) message.members = current.members;
    if (current.type === 'enableBLOB') {
      const value = trimC(this.elementText);
      message.value = value;
    }
    this.done.push(message as unknown as IndiMessage);
  }
}
