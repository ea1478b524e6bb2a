using Kosmo.Models.Onnx;
using Kosmo.Models.Tft;
using Kosmo.Tensors;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.Onnx;

/// <summary>
/// TFT-Lite exported to ONNX and run with ONNX Runtime against Kosmo's own forward pass, on a model whose every
/// parameter (layer norms included) is perturbed away from its initialisation, with static categories and reals, a
/// baked z-score on some columns and missing values in the raw input.
/// </summary>
public sealed class TftLiteOnnxTests
{
    private const int B = 9, L = 7, K = 5;

    [Fact]
    public void Export_Should_MatchKosmosProbabilities_When_RunWithOnnxRuntime()
    {
        // Given a TFT-Lite with two static categories and two static reals, all weights perturbed
        var model = new TftLite(new TftLiteOptions(K, [5, 9], 2, Hidden: 8, Heads: 2, Classes: 3, Dropout: 0.1f, Seed: 3));
        Perturb(model, 11);
        var rng = new Random(5);
        var x = Enumerable.Range(0, B * L * K).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        long[] cats = [.. Enumerable.Range(0, B).SelectMany(_ => new long[] { rng.Next(5), rng.Next(9) })];
        var reals = Enumerable.Range(0, B * 2).Select(_ => (float)rng.NextDouble()).ToArray();

        // And a scaling that z-scores columns 1 and 3 (the raw input holds unscaled values there) and NaN cells
        var names = new[] { "a", "m1", "b", "m3", "c" };
        var scaling = OnnxInputScaling.ZScore(names, new Dictionary<string, (double, double)> { ["m1"] = (0.5, 2.0), ["m3"] = (-1.0, 0.25) });
        var raw = new float[x.Length];
        for (var j = 0; j < x.Length; j++)
        {
            var k = j % K;
            raw[j] = k == 1 ? (x[j] * 2f) + 0.5f : k == 3 ? (x[j] * 0.25f) - 1f : x[j];
            if (j % 13 == 4)
            {
                raw[j] = float.NaN;
                x[j] = 0f;
            }
        }

        // When exported and run
        var onnx = OnnxExporter.Export(model, new OnnxModelInfo(L, names, scaling, ["down", "flat", "up"], new Dictionary<string, string> { ["run"] = "test" }));
        var ort = OrtRunner.Probabilities(onnx, raw, [B, L, K], cats, reals);

        // Then the probabilities equal Kosmo's within 1e-5
        var kosmo = KosmoProbabilities(model, x, cats, reals);
        ort.Should().HaveCount(B * 3);
        MaxAbsDifference(ort, kosmo).Should().BeLessThan(1e-5f);
        kosmo.Distinct().Should().HaveCountGreaterThan(B, "the rows differ (a constant output would hide errors)");

        // And the metadata names the features, the window and the classes
        var meta = OrtRunner.Metadata(onnx);
        meta["features"].Should().Be("a,m1,b,m3,c");
        meta["lookback"].Should().Be("7");
        meta["classes"].Should().Be("down,flat,up");
        meta["run"].Should().Be("test");
    }

    [Fact]
    public void Export_Should_MatchTheFullForward_When_TheModelHasOnlyCategoricalStatics()
    {
        // Given the shape Kosmo's runs use: two static categories (market, dept), no static reals, four heads
        var model = new TftLite(new TftLiteOptions(K, [5, 9], 0, Hidden: 16, Heads: 4, Classes: 3, Seed: 8));
        Perturb(model, 2);
        var rng = new Random(9);
        var x = Enumerable.Range(0, B * L * K).Select(_ => (float)(rng.NextDouble() - 0.5) * 3).ToArray();
        long[] cats = [.. Enumerable.Range(0, B).SelectMany(_ => new long[] { rng.Next(5), rng.Next(9) })];

        // When exported with the identity scaling
        var onnx = OnnxExporter.Export(model, new OnnxModelInfo(L, ["a", "b", "c", "d", "e"], OnnxInputScaling.Identity(K), ["down", "flat", "up"], new Dictionary<string, string>()));
        var ort = OrtRunner.Probabilities(onnx, x, [B, L, K], cats, null);

        // Then it matches the all-days forward pass too (the forecast-day attention is the last row of the full one)
        using var noGrad = NoGrad.Scope();
        var full = Ops.Softmax(model.Forward(new Tensor(x, B, L, K), [.. cats.Select(c => (int)c)], new Tensor(Array.Empty<float>(), B, 0), null).Logits).ToArray();
        MaxAbsDifference(ort, full).Should().BeLessThan(1e-5f);
    }

    /// <summary>Kosmo's probabilities: softmax of the last-step forward pass without dropout.</summary>
    internal static float[] KosmoProbabilities(TftLite model, float[] x, long[] cats, float[] reals)
    {
        using var noGrad = NoGrad.Scope();
        var logits = model.ForwardLastStep(new Tensor(x, B, L, K), [.. cats.Select(c => (int)c)], new Tensor(reals, B, reals.Length / B), null).Logits;
        return Ops.Softmax(logits).ToArray();
    }

    /// <summary>Adds N(0, 0.3²) noise to every parameter.</summary>
    internal static void Perturb(TftLite model, int seed)
    {
        var rng = new Random(seed);
        foreach (var p in model.Parameters)
        {
            for (var j = 0; j < p.Size; j++)
            {
                p.Data[j] += (float)(0.3 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
            }
        }
    }

    /// <summary>max |a − b| over equal-length arrays.</summary>
    internal static float MaxAbsDifference(float[] a, float[] b)
    {
        a.Should().HaveSameCount(b);
        return a.Zip(b, (p, q) => MathF.Abs(p - q)).Max();
    }
}
