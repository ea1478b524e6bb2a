using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Neural;
using Kosmo.Models.Onnx;
using Kosmo.Models.Tft;
using Kosmo.Tensors;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.Onnx;

/// <summary>The LSTM, MLP and Transformer baselines exported to ONNX against Kosmo's forward pass, and the refusal of a model without an exporter.</summary>
public sealed class BaselineOnnxTests
{
    private const int B = 6, L = 9, K = 4;

    [Theory]
    [InlineData("lstm", 0)]
    [InlineData("lstm", 2)]
    [InlineData("mlp", 0)]
    [InlineData("mlp", 2)]
    [InlineData("transformer", 0)]
    [InlineData("transformer", 2)]
    [InlineData("transformer_learned_mean", 1)]
    public void Export_Should_MatchKosmosProbabilities_When_RunWithOnnxRuntime(string kind, int staticReals)
    {
        // Given the model with two static categories (and static reals), all weights perturbed
        var statics = new StaticInputSpec([5, 9], 3, staticReals);
        ISequenceClassifier model = kind switch
        {
            "lstm" => new LstmClassifier(new LstmClassifierOptions(K, Hidden: 5, Dropout: 0.2f, Classes: 3, Seed: 4, Statics: statics)),
            "mlp" => new MlpClassifier(new MlpOptions(K, Hidden: 7, Layers: 2, Dropout: 0.2f, Classes: 3, Seed: 4, Statics: statics)),
            "transformer" => new TransformerClassifier(new TransformerOptions(K, 8, 2, 2, 16, 0.2f, Classes: 3, Seed: 4, Statics: statics)),
            _ => new TransformerClassifier(new TransformerOptions(K, 6, 3, 1, 10, 0.2f, PositionEncoding.Learned, SequencePooling.Mean, MaxLength: 12, Classes: 3, Seed: 4, Statics: statics)),
        };
        var rng = new Random(7);
        foreach (var p in model.Parameters)
        {
            for (var j = 0; j < p.Size; j++)
            {
                p.Data[j] += (float)((rng.NextDouble() - 0.5) * 0.6);
            }
        }

        var batch = new WindowBatch(B, L, K, false, 2, staticReals);
        batch.SetCount(B);
        for (var j = 0; j < batch.X.Length; j++)
        {
            batch.X[j] = (float)((rng.NextDouble() * 4) - 2);
        }

        for (var b = 0; b < B; b++)
        {
            batch.Categorical[b * 2] = rng.Next(5);
            batch.Categorical[(b * 2) + 1] = rng.Next(9);
        }

        for (var j = 0; j < batch.Reals.Length; j++)
        {
            batch.Reals[j] = (float)rng.NextDouble();
        }

        // When exported and run
        var onnx = OnnxExporter.Export(model, new OnnxModelInfo(L, ["a", "b", "c", "d"], OnnxInputScaling.Identity(K), ["down", "flat", "up"], new Dictionary<string, string>()));
        var ort = OrtRunner.Probabilities(onnx, batch.X, [B, L, K], [.. batch.Categorical.Select(c => (long)c)], staticReals > 0 ? batch.Reals : null);

        // Then the probabilities equal Kosmo's (dropout off) within 1e-5
        float[] kosmo;
        using (NoGrad.Scope())
        {
            kosmo = Ops.Softmax(model.Forward(batch, training: false, new Random(0))).ToArray();
        }

        TftLiteOnnxTests.MaxAbsDifference(ort, kosmo).Should().BeLessThan(1e-5f);
        kosmo.Distinct().Should().HaveCountGreaterThan(B);
    }

    [Fact]
    public void Export_Should_Refuse_When_TheModelHasNoExporter()
    {
        // Given a window model without an ONNX exporter
        ISequenceClassifier model = new Kosmo.Models.Zoo.CnnLstmClassifier(new Kosmo.Models.Zoo.CnnLstmOptions(K, Channels: 4, Hidden: 4));

        // Then it is not supported and the export names the exportable kinds
        OnnxExporter.Supports(model).Should().BeFalse();
        OnnxExporter.Supports(new TftLite(new TftLiteOptions(K, [5], 0, 4, 1))).Should().BeTrue();
        FluentActions.Invoking(() => OnnxExporter.Export(model, new OnnxModelInfo(L, ["a", "b", "c", "d"], OnnxInputScaling.Identity(K), ["down", "flat", "up"], new Dictionary<string, string>())))
            .Should().Throw<NotSupportedException>().WithMessage("*exportable: tft_lite, lstm, mlp, transformer*");
    }
}
