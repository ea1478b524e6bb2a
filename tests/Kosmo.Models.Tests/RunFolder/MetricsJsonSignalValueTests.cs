using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.RunFolder;

public sealed class MetricsJsonSignalValueTests : IDisposable
{
    private static readonly string[] _signalKeys = ["ls_decile_daily_mean", "ls_decile_ann_sharpe", "ls_decile_dates", "ic_decay", "signal_autocorr"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-signal-" + Guid.NewGuid().ToString("N"));

    public MetricsJsonSignalValueTests()
    {
        Directory.CreateDirectory(_dir);
        File.Copy(TestData.Fixture("evaluation", "predictions.csv"), Path.Combine(_dir, "predictions.csv"));
        File.Copy(TestData.Fixture("evaluation", "labels.csv"), Path.Combine(_dir, "labels.csv"));
    }

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void WriteSignalValues_Should_AppendKeysAndKeepEveryOtherByte_When_ModelsAreEvaluated()
    {
        // Given an evaluated run folder
        var path = Path.Combine(_dir, "metrics.json");
        RunEvaluation.Run(_dir, "tft", new(Replicates: 50));
        var before = File.ReadAllText(path);
        var value = new SignalValue
        {
            LsDecileDailyMean = 0.0012345678912,
            LsDecileAnnSharpe = 1.5,
            LsDecileDates = 200,
            IcDecay = SignalValue.Horizons.ToDictionary(h => h, h => h == 60 ? double.NaN : 0.1 / h),
            SignalAutocorr = 0.9,
        };

        // When
        MetricsJson.WriteSignalValues(path, new Dictionary<string, SignalValue> { ["tft"] = value, ["absent"] = value });

        // Then tft ends with the new keys, and without them the file is byte for byte what it was
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var tft = root["models"]!["tft"]!.AsObject();
        tft.Select(kv => kv.Key).TakeLast(5).Should().Equal(_signalKeys);
        tft["ls_decile_daily_mean"]!.GetValue<double>().Should().Be(0.001234567891);
        tft["ic_decay"]!.AsObject().Select(kv => kv.Key).Should().Equal("1", "5", "10", "20", "60");
        tft["ic_decay"]!["60"].Should().BeNull();
        root["models"]!.AsObject().ContainsKey("absent").Should().BeFalse();
        foreach (var key in _signalKeys)
        {
            tft.Remove(key);
        }

        (root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NewLine = "\n" }) + "\n").Should().Be(before);
    }
}
