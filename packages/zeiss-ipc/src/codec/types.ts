/** The typed requests a client sends (shared/conformance/zeiss-ipc/README.md, "Typed requests"). */
export interface ImageRequest {
  command: 'image';
  /** A path on the ZEISS INSPECT host, such as `C:/temp/example.jpg`. */
  file: string;
  /** The measurement series; created with `focalLength` when it does not exist yet. */
  name: string;
  /** Focal length in mm; sent as a JSON string holding Python's float repr unless the dialect says number. */
  focalLength: number;
}

/** The two import modes ZEISS documents; the server passes any value through. */
export type ImportMode = 'clipboard' | 'new_stage';

export interface ElementsRequest {
  command: 'elements';
  file: string;
  importMode: ImportMode | (string & {});
}

export interface QuitRequest {
  command: 'quit';
}

/** Any JSON value sent as it is (the Basics template's free-form commands). */
export interface CustomRequest {
  command: 'custom';
  body: unknown;
}

export type ZeissRequest = ImageRequest | ElementsRequest | QuitRequest | CustomRequest;

/** The named error replies of the example server (§3.2). */
export type ZeissErrorKind =
  | 'malformedJson'
  | 'unknownRequest'
  | 'missingParameter'
  | 'fileUnreadable'
  | 'importFailed'
  | 'other';

/**
 * A decoded reply in the canonical form of the `reply-decode` cases. `message` is the text after
 * `Error: `; `file`, `importMode` and `echo` are the server's Python `str()` renderings, as text.
 */
export type ZeissReply =
  | { type: 'ok' }
  | { type: 'bye' }
  | { type: 'error'; error: 'malformedJson'; message: string }
  | { type: 'error'; error: 'unknownRequest'; echo: string; message: string }
  | {
      type: 'error';
      error: 'missingParameter';
      command: 'image' | 'elements';
      parameter: string;
      message: string;
    }
  | { type: 'error'; error: 'fileUnreadable'; command: 'image' | 'elements'; file: string; message: string }
  | { type: 'error'; error: 'importFailed'; command: 'image'; file: string; message: string }
  | {
      type: 'error';
      error: 'importFailed';
      command: 'elements';
      file: string;
      importMode: string;
      message: string;
    }
  | { type: 'error'; error: 'other'; message: string }
  | { type: 'other'; text: string };

export type ZeissErrorReply = Extract<ZeissReply, { type: 'error' }>;
