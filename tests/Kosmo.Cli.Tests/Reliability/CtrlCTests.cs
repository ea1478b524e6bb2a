using System.Diagnostics;
using Kosmo.Experiment.Tests.Pipeline;

namespace Kosmo.Cli.Tests.Reliability;

/// <summary>
/// Ctrl-C for real: a <c>kosmo run</c> child process gets SIGINT in each phase (sweep expansion, prepare, training,
/// evaluation) and must stop within a bounded time with exit 130 and the one "stopped." line; a run stopped in
/// training then finishes with <c>--resume</c>, reusing its finished cells.
/// </summary>
public sealed partial class CtrlCTests : IDisposable
{
    /// <summary>How long a stop may take once SIGINT is sent (generous: two shared cores).</summary>
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A small one-model experiment: two walk-forward folds (test years 2016 and 2017) × (TFT-Lite + three baselines),
    /// three short epochs per TFT-Lite cell.
    /// </summary>
    private static readonly string Yaml = SmallMarket.Config("ctrlc", seed: 5, threads: 1,
        SmallMarket.Features(16, "regimes: false"), SmallMarket.Labels(), SmallMarket.Split(2016),
        SmallMarket.TinyTft(hidden: 8, epochs: 3, maxTrainSamples: 1500, patience: 3, keys: ["ensemble: false"]),
        "baselines: [momentum_20d, momentum_12_1, logistic]");

    private readonly string _root = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Run_Should_Exit130WithTheStoppedLine_When_InterruptedDuringSweepExpansion()
    {
        // Given a config whose sweep (3 keys x 40 values = 64,000 trials, max_cells raised to accept it) takes tens of seconds
        // to expand: every trial re-reads the YAML text, which a 100 KB comment makes long
        string[] keys = ["model.dropout", "model.learning_rate", "model.weight_decay"];
        var sweep = string.Join("\n", keys.Select(k => $"  {k}: [{string.Join(", ", Enumerable.Range(1, 40).Select(v => (v * 1e-4).ToString(System.Globalization.CultureInfo.InvariantCulture)))}]"));
        var comment = string.Concat(Enumerable.Repeat("# " + new string('x', 98) + "\n", 1000));
        var config = Write("sweep.yaml", "max_cells: 1000000\nbaselines: [momentum_20d]\n" + SmallMarket.DataAndUniverse + "\nsweep:\n" + sweep + "\n" + comment);
        var run = Path.Combine(_root, "sweep-run");
        using var kosmo = KosmoChild.Start("run", "--config", config, "--out", run);

        // When SIGINT comes while the plan is still being expanded (the first output line follows the expansion)
        Thread.Sleep(TimeSpan.FromSeconds(3));
        kosmo.Lines.Should().NotContain(l => l.StartsWith("run folder:", StringComparison.Ordinal), "the signal must come during the expansion");
        kosmo.Interrupt();

        // Then it stops in time with 130 and the stopped line, and the run folder was never created
        kosmo.ShouldStopCancelled();
        Directory.Exists(run).Should().BeFalse();
    }

    [Fact]
    public void Run_Should_Exit130WithTheStoppedLine_When_InterruptedDuringPrepare()
    {
        // Given a run whose prepare step takes seconds, not a fraction of one (a larger market with wavelet and regime
        // features), so that the signal lands inside it even on a loaded machine
        var run = Path.Combine(_root, "prepare-run");
        var heavy = Yaml.Replace("synthetic_stocks: 60", "synthetic_stocks: 300", StringComparison.Ordinal)
            .Replace("synthetic_years: 4", "synthetic_years: 6", StringComparison.Ordinal)
            .Replace("wavelets: false", "wavelets: true", StringComparison.Ordinal)
            .Replace("regimes: false", "regimes: true", StringComparison.Ordinal);
        heavy.Should().Contain("synthetic_stocks: 300").And.Contain("wavelets: true").And.Contain("regimes: true");
        using var kosmo = KosmoChild.Start("run", "--config", Write("c.yaml", heavy), "--out", run);

        // When SIGINT comes as soon as the prepare step begins
        kosmo.WaitForLine(l => l.StartsWith("> prepare", StringComparison.Ordinal)).Should().BeTrue(kosmo.Transcript());
        kosmo.Interrupt();

        // Then it stops with 130 before any cell is computed
        kosmo.ShouldStopCancelled();
        kosmo.Lines.Should().NotContain(l => l.StartsWith("> train", StringComparison.Ordinal));
        Done(run).Should().BeEmpty();
    }

    [Fact]
    public void Run_Should_Exit130AndResumeToTheEnd_When_InterruptedDuringTraining()
    {
        // Given a run
        var config = Write("c.yaml", Yaml);
        var run = Path.Combine(_root, "train-run");
        string[] finished;
        using (var kosmo = KosmoChild.Start("run", "--config", config, "--out", run))
        {
            // When SIGINT comes during the second fold's TFT-Lite training (the first fold's cells are done)
            kosmo.WaitForLine(_ => kosmo.Lines.Count(IsTftCellStart) >= 2, TimeSpan.FromSeconds(45)).Should().BeTrue(kosmo.Transcript());
            kosmo.Interrupt();

            // Then it stops with 130, inside training, keeping the finished cells
            kosmo.ShouldStopCancelled();
            kosmo.Lines.Should().NotContain(l => l.StartsWith("> evaluate", StringComparison.Ordinal));
            finished = Done(run);
            finished.Should().HaveCount(4, "the first fold's four cells finished before the signal");
        }

        var stamps = finished.ToDictionary(f => f, File.GetLastWriteTimeUtc);

        // And --resume reuses them and finishes the run
        using var resumed = KosmoChild.Start("run", "--config", config, "--out", run, "--resume");
        resumed.WaitForExit(TimeSpan.FromSeconds(50)).Should().BeTrue(resumed.Transcript());
        resumed.ExitCode.Should().Be(0, resumed.Transcript());
        resumed.Lines.Count(l => l.Contains("already computed (resume)", StringComparison.Ordinal)).Should().Be(4, resumed.Transcript());
        finished.Should().AllSatisfy(f => File.GetLastWriteTimeUtc(f).Should().Be(stamps[f]));
        Done(run).Should().HaveCount(8);
        File.Exists(Path.Combine(run, "report.html")).Should().BeTrue();
    }

    [Fact]
    public void Run_Should_Exit130OrFinishConsistently_When_InterruptedDuringEvaluation()
    {
        // Given a run
        var config = Write("c.yaml", Yaml);
        var run = Path.Combine(_root, "evaluate-run");
        using var kosmo = KosmoChild.Start("run", "--config", config, "--out", run);

        // When SIGINT comes as soon as the evaluate step begins
        kosmo.WaitForLine(l => l.StartsWith("> evaluate", StringComparison.Ordinal), TimeSpan.FromSeconds(50)).Should().BeTrue(kosmo.Transcript());
        kosmo.Interrupt();

        // Then it stops in time: with 130 and the stopped line, leaving every cell done and no report (a later step
        // never starts), or - when the signal came after the last step - with a finished run
        kosmo.WaitForExit(StopWithin).Should().BeTrue(kosmo.Transcript());
        Done(run).Should().HaveCount(8);
        File.Exists(Path.Combine(run, "predictions.csv")).Should().BeTrue();
        if (kosmo.ExitCode == 0)
        {
            File.Exists(Path.Combine(run, "report.html")).Should().BeTrue();
            return;
        }

        kosmo.ShouldStopCancelled();
        kosmo.Lines.Should().NotContain(l => l.StartsWith("> report", StringComparison.Ordinal));
        File.Exists(Path.Combine(run, "report.html")).Should().BeFalse();
    }

    /// <summary>The line a TFT-Lite cell begins with ("tft_lite fold NAME: train N, validate N, test N").</summary>
    private static bool IsTftCellStart(string line) =>
        line.TrimStart().StartsWith("tft_lite fold ", StringComparison.Ordinal) && line.Contains(": train ", StringComparison.Ordinal);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The <c>done</c> markers of the run's finished cells.</summary>
    private static string[] Done(string run) =>
        Directory.Exists(run) ? Directory.GetFiles(run, "done", SearchOption.AllDirectories) : [];

    /// <summary>A <c>dotnet kosmo.dll ...</c> child process with its stdout and stderr lines collected (colour codes removed).</summary>
    private sealed partial class KosmoChild : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];
        private DateTime _interrupted;

        private KosmoChild(Process process) => _process = process;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public int ExitCode => _process.ExitCode;

        public static KosmoChild Start(params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(typeof(Program).Assembly.Location);
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            var child = new KosmoChild(Process.Start(psi)!);
            child._process.OutputDataReceived += (_, e) => child.Add(e.Data);
            child._process.ErrorDataReceived += (_, e) => child.Add(e.Data);
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        /// <summary>Waits (polling) until a line matches; false when the process ended or the time ran out first.</summary>
        public bool WaitForLine(Func<string, bool> match, TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(40));
            while (DateTime.UtcNow < deadline)
            {
                if (Lines.Any(match))
                {
                    return true;
                }

                if (_process.HasExited)
                {
                    _process.WaitForExit();
                    return Lines.Any(match);
                }

                Thread.Sleep(5);
            }

            return false;
        }

        /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
        public void Interrupt()
        {
            _process.HasExited.Should().BeFalse("the run must still be going when SIGINT is sent: " + Transcript());
            _interrupted = DateTime.UtcNow;
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            kill.ExitCode.Should().Be(0);
        }

        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                return false;
            }

            _process.WaitForExit(); // drains the redirected output
            return true;
        }

        /// <summary>Exit 130 within <see cref="StopWithin"/> of the signal, with exactly one "stopped." line and no error line.</summary>
        public void ShouldStopCancelled()
        {
            WaitForExit(StopWithin).Should().BeTrue("Ctrl-C must stop the run within " + StopWithin + ": " + Transcript());
            (DateTime.UtcNow - _interrupted).Should().BeLessThan(StopWithin);
            _process.ExitCode.Should().Be(130, Transcript());
            Lines.Count(l => l.StartsWith("stopped.", StringComparison.Ordinal)).Should().Be(1, Transcript());
            Lines.Should().NotContain(l => l.StartsWith("error", StringComparison.Ordinal));
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"\x1b\[[0-9;]*m")]
        private static partial System.Text.RegularExpressions.Regex Ansi();

        public string Transcript() => string.Join("\n", Lines);

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                lock (_lines)
                {
                    _lines.Add(Ansi().Replace(line, ""));
                }
            }
        }
    }
}
