using Kosmo.Models.Tft;
using Kosmo.Tensors;
using Kosmo.Tensors.Optim;

namespace Kosmo.Models.Tests.Tft;

/// <summary>The composite backward of a tiny TFT-Lite agrees with central differences, and the model can learn.</summary>
public sealed class TftLiteTrainingTests
{
    [Fact]
    public void Backward_Should_AgreeWithCentralDifferences_When_TinyModel()
    {
        // Given a tiny model (K=3, S=2, R=1, D=8, H=2, L=5, B=3) and inputs that require gradients
        var model = new TftLite(new TftLiteOptions(3, [3, 4], 1, Hidden: 8, Heads: 2, Classes: 4, Dropout: 0f, Seed: 5));
        var rng = new Random(6);
        var x = new Parameter("x", Tensor.Randn(rng, 1f, 3, 5, 3).Data, 3, 5, 3);
        var reals = new Parameter("r", Tensor.Randn(rng, 1f, 3, 1).Data, 3, 1);
        int[] cats = [0, 3, 2, 1, 1, 0];
        string[] names =
        [
            "real_proj.1.weight", "cat_emb.1.weight", "static_vsn.weights_grn.skip.weight", "static_vsn.var_grns.2.fc2.weight",
            "c_sel.glu.fc.weight", "c_h.norm.weight", "temporal_vsn.weights_grn.fc2.weight", "temporal_vsn.weights_grn.ctx.weight",
            "temporal_vsn.var_grns.0.fc2.weight", "temporal_vsn.var_grns.2.glu.fc.bias", "temporal_vsn.var_grns.1.norm.bias",
            "lstm.weight_hh_l0", "lstm.bias_ih_l0", "enrich.ctx.weight", "attn.q.1.weight", "attn.k.0.weight", "attn.v.weight",
            "attn.out.bias", "gate2.fc.weight", "ff.fc1.weight", "norm3.weight", "head.weight",
        ];
        var byName = model.Parameters.ToDictionary(p => p.Name);
        Tensor[] inputs = [.. names.Select(n => (Tensor)byName[n]), x, reals];

        // When checking logits against float64 central differences
        var failures = GradCheck.Check(_ => model.Forward(x, cats, reals, null).Logits, inputs, new GradCheck.Options(MaxElementsPerInput: 30));

        // Then every checked element agrees
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Training_Should_ReachNearZeroLoss_When_OverfittingSixtyFourSamples()
    {
        // Given 64 random windows with random labels and a small model
        var rng = new Random(11);
        const int b = 64, l = 8, k = 3;
        var model = new TftLite(new TftLiteOptions(k, [3, 5], 2, Hidden: 16, Heads: 4, Classes: 3, Dropout: 0f, Seed: 3));
        var x = Tensor.Randn(rng, 1f, b, l, k);
        var cats = Enumerable.Range(0, b).SelectMany(_ => new[] { rng.Next(3), rng.Next(5) }).ToArray();
        var reals = Tensor.Randn(rng, 1f, b, 2);
        var y = Enumerable.Range(0, b).Select(_ => rng.Next(3)).ToArray();
        var opt = new AdamW(model.Parameters, 1e-2f, weightDecay: 0f);
        float first = 0, last = 0;

        // When training full-batch for 300 steps
        for (var step = 0; step < 300; step++)
        {
            using (TensorArena.Scope())
            {
                opt.ZeroGrad();
                var loss = Ops.CrossEntropy(model.Forward(x, cats, reals, null).Logits, y);
                loss.Backward();
                opt.Step();
                last = loss.Item();
                first = step == 0 ? last : first;
            }
        }

        // Then the training loss is near zero (from about ln 3)
        first.Should().BeGreaterThan(0.9f);
        last.Should().BeLessThan(0.05f);
    }
}
