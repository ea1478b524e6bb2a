using System.Diagnostics;
using Kosmo.Experiment.Tests.Pipeline;

namespace Kosmo.Cli.Tests.Pipeline;

/// <summary>
/// Training resume after a real <c>kill -9</c>: a <c>kosmo train</c> child process is killed right after its first
/// epoch checkpoint, resumed with <c>--resume</c>, and must end with the same weights and predictions as a run that
/// was never interrupted.
/// </summary>
public sealed class TrainKillTests : IDisposable
{
    private static readonly string Yaml = SmallMarket.Config("kill", seed: 21, threads: 2,
        SmallMarket.Features(16, "regimes: false"), SmallMarket.Labels(), SmallMarket.Split(2017),
        SmallMarket.TinyTft(hidden: 16, epochs: 4, maxTrainSamples: 3000, patience: 4, keys: ["ensemble: false"]),
        "baselines: [momentum_20d]");

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-train-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Train_Should_EndWithIdenticalWeights_When_KilledAfterAnEpochAndResumed()
    {
        // Given a small experiment config and one uninterrupted `kosmo train` run of it
        Directory.CreateDirectory(_root);
        var config = Path.Combine(_root, "kill.yaml");
        File.WriteAllText(config, Yaml);
        var whole = Path.Combine(_root, "whole");
        using (var a = Train(config, whole, resume: false))
        {
            a.WaitForExit(300_000).Should().BeTrue();
            a.ExitCode.Should().Be(0);
        }

        // When a second run is killed (SIGKILL) as soon as its first cell has an epoch checkpoint, then resumed
        var killed = Path.Combine(_root, "killed");
        var cell = Path.Combine(killed, "trials", "trial-000", "folds", "tft_lite", "fold-0");
        bool killedMidCell;
        using (var b = Train(config, killed, resume: false))
        {
            var checkpoint = Path.Combine(cell, "checkpoint.bin");
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (!File.Exists(checkpoint) && !b.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }

            killedMidCell = !b.HasExited && File.Exists(checkpoint) && !File.Exists(Path.Combine(cell, "done"));
            b.Kill(entireProcessTree: true);
            b.WaitForExit(60_000).Should().BeTrue();
        }

        killedMidCell.Should().BeTrue("the child must die inside the first cell, after an epoch checkpoint and before the cell is done");
        using (var c = Train(config, killed, resume: true))
        {
            c.WaitForExit(300_000).Should().BeTrue();
            c.ExitCode.Should().Be(0);
        }

        // Then the resumed cell's final weights, optimiser state and epoch history (but for the wall-clock throughput)
        // and its test predictions are byte-identical to the uninterrupted run's
        var wholeCell = Path.Combine(whole, "trials", "trial-000", "folds", "tft_lite", "fold-0");
        var (resumedHeader, resumedBody) = Checkpoint(Path.Combine(cell, "checkpoint.bin"));
        var (wholeHeader, wholeBody) = Checkpoint(Path.Combine(wholeCell, "checkpoint.bin"));
        resumedHeader.Should().Be(wholeHeader);
        resumedBody.Should().Equal(wholeBody);
        File.ReadAllText(Path.Combine(cell, "predictions.csv")).Should().Be(File.ReadAllText(Path.Combine(wholeCell, "predictions.csv")));
        File.ReadAllText(Path.Combine(killed, "predictions.csv")).Should().Be(File.ReadAllText(Path.Combine(whole, "predictions.csv")));
    }

    /// <summary>
    /// A checkpoint file's JSON header without the per-epoch samples/s (wall-clock), and the binary body after it
    /// without the trailing CRC-32 (which covers the header, so it differs with the throughput).
    /// </summary>
    private static (string Header, byte[] Body) Checkpoint(string path)
    {
        var b = File.ReadAllBytes(path);
        var n = BitConverter.ToInt32(b, 12);   // "KOSMOCKP", uint32 version, uint32 header length, header, tensors, CRC-32
        var header = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Encoding.UTF8.GetString(b, 16, n))!.AsObject();
        header["completed_epochs"]!.GetValue<int>().Should().Be(4);
        foreach (var epoch in header["history"]!.AsArray())
        {
            epoch!.AsObject().Remove("samples_per_second");
        }

        return (header.ToJsonString(), b[(16 + n)..^4]);
    }

    private static Process Train(string config, string outDir, bool resume)
    {
        var kosmo = typeof(Program).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { kosmo, "train", "--config", config, "--out", outDir })
        {
            psi.ArgumentList.Add(a);
        }

        if (resume)
        {
            psi.ArgumentList.Add("--resume");
        }

        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
