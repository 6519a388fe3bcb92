// Command pulumi-language-python is flex-a2p's own Python language host for the Pulumi engine.
//
// Pulumi's language host lives in its own Go module (sdk/python/cmd/pulumi-language-python), which the Go module
// proxy does not serve, so this project cannot build Pulumi's copy offline. This host implements the parts of the
// LanguageRuntime gRPC contract (sdk/v3 proto/go/language_grpc.pb.go) that a Python program with dynamic providers
// and a Python policy pack need:
//
//   - Run: runs the program through pulumi-language-python-exec (next to this binary) in the project's virtualenv;
//   - RunPlugin (kind "analyzer"): runs a policy pack as `python -u -m pulumi.policy <engine> <pack dir>`;
//   - GetRequiredPackages: none (dynamic providers are served by the bundled pulumi-resource-pulumi-python);
//   - InstallDependencies: creates the virtualenv and installs requirements.txt;
//   - GetPluginInfo, Handshake, About, GetProgramDependencies.
//
// The interpreter is `<virtualenv>/bin/python` when the runtime option `virtualenv` is set (relative paths are
// resolved against the project or policy pack root), else $PULUMI_PYTHON_CMD, else python3 on PATH.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	pbempty "google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// execScriptName is the program runner that must sit next to this binary (the engine's documented layout).
const execScriptName = "pulumi-language-python-exec"

// bailExitCode is what the runner exits with when the error was already reported through the engine.
const bailExitCode = 32

func main() {
	// -logtostderr and -v are registered by glog, which the sdk imports.
	flag.String("tracing", "", "tracing endpoint (accepted for engine compatibility)")
	flag.String("root", "", "project root (accepted for engine compatibility)")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-language-python [flags] ENGINE_ADDRESS")
		os.Exit(2)
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "cannot locate own executable: %v\n", err)
		os.Exit(1)
	}
	execScript := filepath.Join(filepath.Dir(self), execScriptName)
	if _, err := os.Stat(execScript); err != nil {
		fmt.Fprintf(os.Stderr, "missing executor %s: %v\n", execScript, err)
		os.Exit(1)
	}

	host := &languageHost{engineAddress: flag.Arg(0), execScript: execScript}
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "could not start language host RPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "language host RPC stopped serving: %v\n", err)
		os.Exit(1)
	}
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	execScript    string
}

func (h *languageHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.mu.Lock()
		h.engineAddress = req.GetEngineAddress()
		h.mu.Unlock()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: strings.TrimPrefix(version.Version, "v")}, nil
}

// GetRequiredPackages reports no packages: the only provider this project uses is the dynamic provider, which the
// engine serves with its bundled pulumi-resource-pulumi-python plugin.
func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

//nolint:staticcheck // the engine still calls the deprecated method as a fallback
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// pythonFor picks the interpreter for a program or plugin rooted at root with the given runtime options.
func pythonFor(root string, options map[string]any) (python string, env []string) {
	if venv, ok := options["virtualenv"].(string); ok && venv != "" {
		if !filepath.IsAbs(venv) {
			venv = filepath.Join(root, venv)
		}
		binDir := filepath.Join(venv, "bin")
		return filepath.Join(binDir, "python"), []string{
			"VIRTUAL_ENV=" + venv,
			"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH"),
		}
	}
	if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
		return cmd, nil
	}
	return "python3", nil
}

func programOptions(info *pulumirpc.ProgramInfo) map[string]any {
	if info == nil || info.GetOptions() == nil {
		return map[string]any{}
	}
	return info.GetOptions().AsMap()
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return nil, status.Error(codes.InvalidArgument, "RunRequest.info is required")
	}
	python, venvEnv := pythonFor(info.GetRootDirectory(), programOptions(info))

	program := filepath.Join(info.GetProgramDirectory(), info.GetEntryPoint())
	args := []string{
		"-u", h.execScript,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.engine(),
		"--project", req.GetProject(),
		"--root_directory", info.GetRootDirectory(),
		"--stack", req.GetStack(),
		"--pwd", req.GetPwd(),
		"--dry_run", strconv.FormatBool(req.GetDryRun()),
		"--parallel", strconv.Itoa(int(req.GetParallel())),
	}
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{} // a stack without config: "{}", never "null"
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Dir = req.GetPwd()
	cmd.Env = append(append(os.Environ(), venvEnv...),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
	)
	// The engine shows the host's own stdout/stderr as the program's output.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("program exited due to %s", ws.Signal())}, nil
			}
			if exitErr.ExitCode() == bailExitCode {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("could not start the Python program with %q: %v", python, err),
		}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin runs a Python policy pack; the engine reads the pack's gRPC port from the streamed stdout.
func (h *languageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	if req.GetKind() != "analyzer" {
		return status.Errorf(codes.Unimplemented, "this language host runs only analyzer (policy pack) plugins, not %q",
			req.GetKind())
	}
	info := req.GetInfo()
	if info == nil {
		return status.Error(codes.InvalidArgument, "RunPluginRequest.info is required")
	}
	packDir := info.GetProgramDirectory()
	python, venvEnv := pythonFor(info.GetRootDirectory(), programOptions(info))

	args := append([]string{"-u", "-m", "pulumi.policy"}, req.GetArgs()...)
	args = append(args, packDir)
	cmd := exec.CommandContext(server.Context(), python, args...)
	cmd.Dir = packDir
	cmd.Env = append(append([]string{}, req.GetEnv()...), venvEnv...)

	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return status.Errorf(codes.FailedPrecondition, "could not start policy pack with %q: %v", python, err)
	}

	var sendMu sync.Mutex
	send := func(resp *pulumirpc.RunPluginResponse) error {
		sendMu.Lock()
		defer sendMu.Unlock()
		return server.Send(resp)
	}
	var wg sync.WaitGroup
	pump := func(r io.Reader, wrap func([]byte) *pulumirpc.RunPluginResponse) {
		defer wg.Done()
		reader := bufio.NewReader(r)
		buf := make([]byte, 32*1024)
		for {
			n, err := reader.Read(buf)
			if n > 0 {
				chunk := append([]byte(nil), buf[:n]...)
				if sendErr := send(wrap(chunk)); sendErr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
	wg.Add(2)
	go pump(stdout, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	})
	go pump(stderr, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	})
	wg.Wait()

	exitCode := 0
	if err := cmd.Wait(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		exitCode = exitErr.ExitCode()
	}
	return send(&pulumirpc.RunPluginResponse{
		Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitCode)}, //nolint:gosec // exit codes fit
	})
}

// InstallDependencies creates the virtualenv and installs requirements.txt, as `pulumi install` expects.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	info := req.GetInfo()
	if info == nil {
		return status.Error(codes.InvalidArgument, "InstallDependenciesRequest.info is required")
	}
	root := info.GetRootDirectory()
	options := programOptions(info)
	python, venvEnv := pythonFor(root, options)

	out := &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b})
	}}
	run := func(name string, args ...string) error {
		cmd := exec.CommandContext(server.Context(), name, args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), venvEnv...)
		cmd.Stdout, cmd.Stderr = out, out
		return cmd.Run()
	}
	if venv, ok := options["virtualenv"].(string); ok && venv != "" {
		if _, err := os.Stat(python); err != nil {
			base := os.Getenv("PULUMI_PYTHON_CMD")
			if base == "" {
				base = "python3"
			}
			if err := run(base, "-m", "venv", filepath.Dir(filepath.Dir(python))); err != nil {
				return fmt.Errorf("creating virtualenv: %w", err)
			}
		}
	}
	requirements := filepath.Join(root, "requirements.txt")
	if _, err := os.Stat(requirements); err == nil {
		if err := run(python, "-m", "pip", "install", "-r", requirements); err != nil {
			return fmt.Errorf("installing %s: %w", requirements, err)
		}
	}
	return nil
}

type streamWriter struct{ send func([]byte) error }

func (w *streamWriter) Write(p []byte) (int, error) {
	if err := w.send(append([]byte(nil), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *languageHost) About(_ context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	python, venvEnv := pythonFor(info(req.GetInfo()).GetRootDirectory(), programOptions(req.GetInfo()))
	cmd := exec.Command(python, "-c", "import sys; print(sys.executable); print(sys.version.split()[0])")
	cmd.Env = append(os.Environ(), venvEnv...)
	output, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running %s: %w", python, err)
	}
	lines := strings.Split(strings.TrimSpace(string(output)), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("unexpected output from %s: %q", python, output)
	}
	return &pulumirpc.AboutResponse{Executable: lines[0], Version: lines[1]}, nil
}

// GetProgramDependencies lists the virtualenv's distributions (pip list), for `pulumi about`.
func (h *languageHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	python, venvEnv := pythonFor(info(req.GetInfo()).GetRootDirectory(), programOptions(req.GetInfo()))
	cmd := exec.Command(python, "-m", "pip", "list", "--format", "json", "--disable-pip-version-check")
	cmd.Env = append(os.Environ(), venvEnv...)
	output, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running pip list: %w", err)
	}
	var packages []struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(output, &packages); err != nil {
		return nil, fmt.Errorf("parsing pip list output: %w", err)
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, p := range packages {
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version})
	}
	return resp, nil
}

func info(i *pulumirpc.ProgramInfo) *pulumirpc.ProgramInfo {
	if i == nil {
		return &pulumirpc.ProgramInfo{}
	}
	return i
}
