using System.Text.Json.Nodes;
using Kosmo.Core;
using Kosmo.Models.RunFolder;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.RunFolder;

public sealed class MetricsJsonTests : IDisposable
{
    private static readonly string[] _contractKeys =
        ["accuracy", "balanced_accuracy", "macro_f1", "macro_f1_ci", "log_loss", "brier", "ic", "rank_ic", "rank_ic_ci", "icir", "n_test"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-metrics-" + Guid.NewGuid().ToString("N"));

    public MetricsJsonTests()
    {
        Directory.CreateDirectory(_dir);
        File.Copy(TestData.Fixture("evaluation", "predictions.csv"), Path.Combine(_dir, "predictions.csv"));
        File.Copy(TestData.Fixture("evaluation", "labels.csv"), Path.Combine(_dir, "labels.csv"));
    }

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Run_Should_WriteContractKeysInOrder_And_KeepOtherSections_When_MetricsJsonExists()
    {
        // Given a metrics.json with other sections and a key the trainer owns
        var path = Path.Combine(_dir, "metrics.json");
        File.WriteAllText(path, """{"data": {"n_codes": 45}, "models": {"tft": {"epochs": 12}}, "backtests": {"top": {"sharpe": 1.1}}}""");

        // When evaluating the run folder with tft as reference
        RunEvaluation.Run(_dir, "tft", new(Replicates: 50));

        // Then other sections and the foreign key survive, each model has the contract keys first, in order
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root.Select(kv => kv.Key).Should().Equal("data", "models", "backtests");
        root["data"]!["n_codes"]!.GetValue<int>().Should().Be(45);
        root["backtests"]!["top"]!["sharpe"]!.GetValue<double>().Should().Be(1.1);
        var models = root["models"]!.AsObject();
        models.Select(kv => kv.Key).Should().Equal("logit", "momentum", "tft");
        foreach (var (_, entry) in models)
        {
            entry!.AsObject().Select(kv => kv.Key).Take(_contractKeys.Length).Should().Equal(_contractKeys);
            entry["macro_f1_ci"]!.AsArray().Should().HaveCount(2);
        }

        models["tft"]!["epochs"]!.GetValue<int>().Should().Be(12);
        models["tft"]!["n_test"]!.GetValue<int>().Should().Be(3220); // expected.json: n_test of tft
        models["tft"]!["comparisons"]!.AsObject().Select(kv => kv.Key).Should().Equal("logit", "momentum");
        models["logit"]!.AsObject().ContainsKey("comparisons").Should().BeFalse();
    }

    [Fact]
    public void Run_Should_WriteIdenticalBytes_When_RunTwiceWithTheSameSeed()
    {
        // Given two evaluations of the same folder
        var path = Path.Combine(_dir, "metrics.json");
        RunEvaluation.Run(_dir, "tft", new(Replicates: 100, Seed: 42));
        var first = File.ReadAllBytes(path);
        File.Delete(path);

        // When running again
        RunEvaluation.Run(_dir, "tft", new(Replicates: 100, Seed: 42));

        // Then the bytes are identical, and a different seed changes the intervals
        File.ReadAllBytes(path).Should().Equal(first);
        RunEvaluation.Run(_dir, "tft", new(Replicates: 100, Seed: 43));
        File.ReadAllBytes(path).Should().NotEqual(first);
    }

    [Fact]
    public void Run_Should_ThrowWithoutTouchingMetrics_When_ExistingFileIsNotJson()
    {
        // Given a corrupt metrics.json
        var path = Path.Combine(_dir, "metrics.json");
        File.WriteAllText(path, "{\"data\": \n oops");

        // When evaluating
        var act = () => RunEvaluation.Run(_dir, null, new(Replicates: 20));

        // Then a validation error names the file, and the file is unchanged
        act.Should().Throw<DataValidationException>().Which.File.Should().Be(path);
        File.ReadAllText(path).Should().Be("{\"data\": \n oops");
    }

    [Fact]
    public void Run_Should_Throw_When_ReferenceModelIsUnknown()
    {
        var act = () => RunEvaluation.Run(_dir, "nope", new(Replicates: 20));
        act.Should().Throw<ArgumentException>().WithMessage("*nope*logit, momentum, tft*");
    }
}
