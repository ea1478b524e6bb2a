using System.Text.Json.Nodes;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>A small synthetic experiment with <c>model.precision: bf16</c> records the precision it ran with.</summary>
[Collection(Config.PrecisionCollection.Name)]
public sealed class PrecisionPipelineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kosmo-bf16-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Run_Should_RecordBf16InMetricsAndTiming_When_PrecisionIsBf16()
    {
        if (!Bf16Native.IsAvailable)
        {
            Bf16Native.CpuHasBf16(out _).Should().BeFalse($"the CPU has AVX512_BF16, so the bf16 kernels should load: {Bf16Native.Status}");
            return;
        }

        // Given a small synthetic experiment training TFT-Lite with bf16 products
        var yaml = SmallMarket.Config("bf16", seed: 5, threads: 2,
            "baselines: [momentum_20d]",
            SmallMarket.Features(lookback: 20), SmallMarket.Labels(), SmallMarket.Split(2017),
            SmallMarket.Section("model", "hidden: 16", "heads: 2", "epochs: 1", "batch: 128", "max_train_samples: 1000", "precision: bf16"));
        var trials = ExperimentConfig.Parse(yaml, "bf16.yaml");

        // When it runs
        new ExperimentRunner(trials, _root, new RunOptions(false, null, false), new SilentProgress()).Run(CancellationToken.None);

        // Then metrics.json's timing section and timing.json say bf16, and the model was evaluated
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(_root, "metrics.json")))!;
        metrics["timing"]!["precision"]!.GetValue<string>().Should().Be("bf16");
        metrics["models"]!.AsObject().ContainsKey("tft_lite").Should().BeTrue();
        JsonNode.Parse(File.ReadAllText(Path.Combine(_root, "timing.json")))!["precision"]!.GetValue<string>().Should().Be("bf16");
        File.ReadAllText(Path.Combine(_root, "config.yaml")).Should().Contain("precision: bf16");
    }
}
