# Sourced by every script (and by hand: `source scripts/env.sh`): offline, non-interactive Pulumi on the
# project-local CLI build and file backend. Values already set in the environment win.
FLEX_A2P_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FLEX_A2P_ROOT

# The Pulumi release we build from the Go module proxy is the one pinned in tools/pulumi-cli/go.mod.
FLEX_A2P_PULUMI_VERSION="$(sed -n 's#^\tgithub.com/pulumi/pulumi/pkg/v3 \(v[0-9.]*\).*#\1#p' "$FLEX_A2P_ROOT/tools/pulumi-cli/go.mod" | head -n 1)"
export FLEX_A2P_PULUMI_VERSION
export FLEX_A2P_PULUMI_BIN="$FLEX_A2P_ROOT/.tools/pulumi-$FLEX_A2P_PULUMI_VERSION/bin"
if [ -x "$FLEX_A2P_PULUMI_BIN/pulumi" ]; then
  case ":$PATH:" in
    *":$FLEX_A2P_PULUMI_BIN:"*) ;;
    *) export PATH="$FLEX_A2P_PULUMI_BIN:$PATH" ;;
  esac
fi
export PATH="$FLEX_A2P_ROOT/.venv/bin:$PATH"

export PULUMI_HOME="${PULUMI_HOME:-$FLEX_A2P_ROOT/.pulumi-home}"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$FLEX_A2P_ROOT/.state}"
# The dev stack targets only the local emulator; its passphrase protects nothing real and is documented in the
# README. Stacks for real accounts set PULUMI_CONFIG_PASSPHRASE(_FILE) themselves or use another secrets provider.
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  export PULUMI_CONFIG_PASSPHRASE="flex-a2p-local-emulator-only"
fi
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true
export PULUMI_SKIP_CONFIRMATIONS=true
export PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
export PULUMI_SUPPRESS_NEO_LINK=true
export PULUMI_DISABLE_CI_DETECTION=true
export PIP_DISABLE_PIP_VERSION_CHECK=1
