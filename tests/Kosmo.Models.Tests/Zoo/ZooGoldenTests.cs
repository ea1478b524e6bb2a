using System.Text.Json;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Zoo;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.Zoo;

/// <summary>
/// Inference logits of every zoo model against independent PyTorch 1.13 implementations
/// (<c>tools/zoo/zoo_golden.py</c> -> <c>tests/fixtures/zoo/zoo_golden.json</c>), with the reference's weights loaded by name.
/// </summary>
public sealed class ZooGoldenTests
{
    private static readonly JsonElement _models = JsonDocument.Parse(File.ReadAllText(TestData.Fixture("zoo", "zoo_golden.json")))
        .RootElement.GetProperty("models").Clone();

    public static TheoryData<string> Names => ["cnn_lstm", "unet1d", "vae", "regime_experts", "wavelet_groups"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_Should_MatchPyTorch_When_GivenTheReferenceWeights(string name)
    {
        // Given the reference model's config, weights and input
        var g = _models.GetProperty(name);
        var c = g.GetProperty("config");
        var model = Create(name, c);
        var names = model.Parameters.Select(p => p.Name).ToHashSet();
        var reference = g.GetProperty("params").EnumerateObject().ToList();
        reference.Select(p => p.Name).Should().BeEquivalentTo(names, "the C# and PyTorch models have the same parameters");
        foreach (var p in reference)
        {
            var target = model.Parameters.Single(q => q.Name == p.Name);
            target.Shape.Should().Equal(p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), p.Name);
            Floats(p.Value.GetProperty("data")).CopyTo(target.Span);
        }

        var shape = g.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var x = Floats(g.GetProperty("x"));
        int b = shape[0], l = shape[1], k = shape[2];
        var batch = ZooData.Build(b, l, k, (i, t, f) => x[(((i * l) + t) * k) + f], _ => 0, 3);

        // When forwarding in inference mode
        var logits = ZooTraining.Logits(model, batch);

        // Then the logits agree
        var expected = Floats(g.GetProperty("logits"));
        logits.Should().HaveCount(expected.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            logits[i].Should().BeApproximately(expected[i], 1e-4f + (1e-4f * Math.Abs(expected[i])), $"{name} logit {i}");
        }
    }

    private static ISequenceClassifier Create(string name, JsonElement c)
    {
        int I(string p) => c.GetProperty(p).GetInt32();
        return name switch
        {
            "cnn_lstm" => new CnnLstmClassifier(new CnnLstmOptions(I("Features"), I("Classes"), I("Channels"), I("Kernel"), I("Pool"), I("Hidden"), 0f)),
            "unet1d" => new UNet1dClassifier(new UNet1dOptions(I("Features"), I("Classes"), I("BaseChannels"), I("Depth"), I("Kernel"), 0f)),
            "vae" => new VaeClassifier(new VaeOptions(I("Lookback"), I("Features"), I("Classes"), I("Latent"), I("Hidden"), Dropout: 0f)),
            "regime_experts" => new RegimeExpertClassifier(new RegimeExpertOptions(I("Features"),
                c.GetProperty("RegimeColumns").EnumerateArray().Select(e => e.GetInt32()).ToArray(), I("Classes"), I("Hidden"), I("Heads"),
                c.GetProperty("GateTemperature").GetSingle(), 0f)),
            "wavelet_groups" => new WaveletGroupClassifier(new WaveletGroupOptions(I("Features"),
                c.GetProperty("Groups").EnumerateArray().Select(gr => gr.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray(),
                I("Classes"), I("Hidden"), WaveletCombine.SoftmaxWeights, 0f)),
            _ => throw new ArgumentException(name, nameof(name)),
        };
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();
}
