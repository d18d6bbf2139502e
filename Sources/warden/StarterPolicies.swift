/// The policy set `warden init` writes: safe defaults that validate as they are.
///
/// Default deny; reads allowed except secrets; credentials in any argument blocked, personal
/// data reported (critical tool-argument checks ready to uncomment); destructive shell commands,
/// `DROP TABLE` and force pushes blocked; writes to `.env`, `.ssh/` and `/etc/` blocked;
/// external web fetches need a human's approval.
enum StarterPolicies {
    static let files: [(name: String, text: String)] = [
        ("00-base.yaml", base),
        ("10-shell.yaml", shell),
        ("20-files.yaml", fileWrites),
        ("30-web.yaml", web),
    ]

    static let base = #"""
    # Warden starter policy: the baseline every agent gets.
    # Reference: docs/policy.md. Check changes with `warden validate <dir>`.
    apiVersion: warden/v1
    kind: Policy
    metadata:
      name: base
      version: "1"
      description: Default deny; reading is fine, reading secrets is not.
    spec:
      scope: global
      default: deny            # anything no rule allows is denied
      approval:
        timeout_seconds: 900   # pending approvals expire (and count as deny) after 15 minutes
      statements:
        - sid: DenySecretReads
          effect: deny
          actions: ["file.read", "file.grep"]
          match: any
          conditions:
            params.file_path: { op: regex, value: '(^|/)(\.env(\..*)?|id_rsa|id_ed25519|credentials(\.json)?)$|(^|/)\.ssh/|(^|/)\.aws/' }
            params.path: { op: regex, value: '(^|/)(\.env(\..*)?|id_rsa|id_ed25519|credentials(\.json)?)$|(^|/)\.ssh/|(^|/)\.aws/' }
          risk: high
          reason: Reading secrets (.env, SSH and cloud credentials) is blocked
        - sid: AllowReads
          effect: allow
          actions: ["file.read", "file.glob", "file.grep", "file.list", "web.search"]
          risk: low
          reason: Reading and searching are allowed
        - sid: AllowAgentBookkeeping
          effect: allow
          actions: ["internal.*", "agent.spawn"]   # to-do lists, plans, questions, sub-agents (their tools are checked too)
          risk: low
          reason: An agent's own bookkeeping is allowed
      data:                    # content detectors on every string of every action (docs/detection.md)
        secrets: block         # API keys, tokens, private keys, passwords: deny
        pii: warn              # personal data: listed in the decision's findings
        # tool_arguments:      # uncomment to also deny pipe-to-shell, reverse shells, SSRF to
        #   mode: block        # metadata endpoints, DROP TABLE... in any argument
        #   min_severity: critical
    """#

    static let shell = #"""
    # Shell commands: block the destructive ones, allow the rest.
    apiVersion: warden/v1
    kind: Policy
    metadata:
      name: shell
      version: "1"
    spec:
      statements:
        - sid: DenyRecursiveDelete
          effect: deny
          actions: ["bash.execute"]
          conditions:
            params.command: { op: regex, value: '\brm\s+(-[a-zA-Z]*[rRfF][a-zA-Z]*\b|--recursive|--force)' }
          risk: critical
          reason: Recursive or forced deletion (rm -rf) is blocked
        - sid: DenyDropTable
          effect: deny
          actions: ["bash.execute", "sql.execute", "db.query"]
          match: any
          conditions:
            params.command: { op: regex, value: '(?i)\bdrop\s+(table|database|schema)\b' }
            params.sql: { op: regex, value: '(?i)\bdrop\s+(table|database|schema)\b' }
          risk: critical
          reason: DROP TABLE / DATABASE / SCHEMA is blocked
        - sid: DenyForcePush
          effect: deny
          actions: ["bash.execute", "git.push"]
          match: any
          conditions:
            params.command: { op: regex, value: '\bgit\s+push\b.*(\s-[a-zA-Z]*f\b|--force)' }
            params.force: { op: "==", value: true }
          risk: high
          reason: Force-pushing rewrites shared history and is blocked
        - sid: AllowShell
          effect: allow
          actions: ["bash.execute"]
          risk: medium
          reason: Other shell commands are allowed
    """#

    static let fileWrites = #"""
    # File writes: never to secrets or system configuration.
    apiVersion: warden/v1
    kind: Policy
    metadata:
      name: files
      version: "1"
    spec:
      statements:
        - sid: DenySensitiveWrites
          effect: deny
          actions: ["file.write", "file.edit", "file.delete", "notebook.edit"]
          match: any
          conditions:
            params.file_path: { op: regex, value: '(^|/)\.env(\..*)?$|(^|/)\.ssh/|^/etc/' }
            params.path: { op: regex, value: '(^|/)\.env(\..*)?$|(^|/)\.ssh/|^/etc/' }
            target: { op: regex, value: '(^|/)\.env(\..*)?$|(^|/)\.ssh/|^/etc/' }
          risk: critical
          reason: Writing to .env files, ~/.ssh or /etc is blocked
        - sid: AllowProjectWrites
          effect: allow
          actions: ["file.write", "file.edit", "notebook.edit"]
          risk: medium
          reason: Editing project files is allowed
    """#

    static let web = #"""
    # The web: searching is fine; fetching from outside this machine needs a human's approval.
    apiVersion: warden/v1
    kind: Policy
    metadata:
      name: web
      version: "1"
    spec:
      statements:
        - sid: ReviewExternalFetch
          effect: review
          actions: ["web.fetch"]
          when: '!params.url.matches("^https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]+)?(/|$)")'
          risk: medium
          reason: Fetching from an external site needs approval
        - sid: AllowLocalFetch
          effect: allow
          actions: ["web.fetch"]
          risk: low
          reason: Fetching from localhost is allowed
    """#
}
