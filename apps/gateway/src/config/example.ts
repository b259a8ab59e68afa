/** What `labwire-gateway example-config` prints: every section, commented. */
export const EXAMPLE_CONFIG = `# labwire gateway configuration (YAML; JSON works too).
# Check it with:  labwire-gateway validate gateway.yaml
# Values like \${NAME} come from environment variables (\${NAME:-default} gives a default).

server:
  host: 127.0.0.1          # loopback unless you mean it; other hosts need auth.tokens
  port: 8420
  # tls: { cert: /etc/labwire/cert.pem, key: /etc/labwire/key.pem }
  maxMessageBytes: 1048576 # largest inbound WebSocket message / HTTP body
  queueSize: 10000         # events queued per subscription before the overflow policy applies
  overflow: drop-oldest    # or: disconnect
  commandRate: { perSecond: 50, burst: 100 }   # per token
  metricsAuth: false       # true: /metrics needs a read token

auth:
  tokens:
    - name: dashboard
      token: \${LABWIRE_DASHBOARD_TOKEN}
      role: read             # read: subscribe and browse; write: + commands; admin: + reload/restart
      allow: ["#"]
      deny: ["zeiss/#"]
    - name: automation
      token: \${LABWIRE_AUTOMATION_TOKEN}
      role: write
      allow: ["indi/#", "pymodaq/#"]
    - name: ops
      token: \${LABWIRE_ADMIN_TOKEN}
      role: admin

connectors:
  indi:
    protocol: indi
    options: { host: 127.0.0.1, port: 7624 }
  pymodaq:
    protocol: pymodaq           # the connector is the TCPServer: PyMoDAQ instruments connect to it
    options:
      listen: { host: 127.0.0.1, port: 6341 }
      clients: [{ name: stage, type: ACTUATOR }, { name: camera, type: GRABBER }]
      poll: { grabIntervalMs: 1000, positionIntervalMs: 500 }
  imb:
    protocol: imb
    options: { host: 127.0.0.1, port: 4000, federation: lab }
  ifcb:
    protocol: ifcb
    options: { url: ws://127.0.0.1:8092/ifcbHub, serial: 111-111-111 }
  zeiss:
    protocol: zeiss-ipc
    enabled: false           # kept in the file, not started
    commandTimeoutMs: 300000
    reconnect: { initialDelayMs: 1000, maxDelayMs: 60000 }
    options: { url: ws://127.0.0.1:40010 }

bridges:
  # A PyMoDAQ actuator move drives an INDI focuser.
  - name: stage-drives-focuser
    from: { topic: "pymodaq/stage/position", kinds: [property], where: { change: updated } }
    to:
      connector: indi
      target: "Focuser Simulator/ABS_FOCUS_POSITION"
      action: set
      args: { FOCUS_ABSOLUTE_POSITION: { $from: "members.value.value", scale: 1000, offset: 25000, round: true } }
    skipWhileBusy: true
  # IMB mirrors INDI property updates as events.
  - name: indi-to-imb
    from: { topic: "indi/+/+", kinds: [property], where: { change: updated } }
    to:
      connector: imb
      target: "lab/indi"       # IMB event lab.indi
      action: set
      args: { $json: { device: "$device", property: "$property", state: "$state", members: "$members" } }
  # An INDI camera served to PyMoDAQ as a GRABBER (the pymodaq instrument role).
  # - name: ccd-as-grabber
  #   kind: pymodaq-grabber
  #   source: "indi/CCD Simulator/CCD1"
  #   port: 6342               # a PyMoDAQ dashboard's TCPServer plugin
  #   trigger: { connector: indi, target: "CCD Simulator/CCD_EXPOSURE", args: { CCD_EXPOSURE_VALUE: 1 } }

logging:
  level: info
`;
