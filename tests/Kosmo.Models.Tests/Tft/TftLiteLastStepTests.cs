using Kosmo.Models.Tft;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Tft;

/// <summary>
/// <see cref="TftLite.ForwardLastStep"/> (attention and the trunk after it computed for the forecast day only) is the
/// full forward restricted to what the logits read: same logits, same gradients, same forecast attention row.
/// </summary>
public sealed class TftLiteLastStepTests
{
    [Fact]
    public void ForwardLastStep_Should_MatchFullForwardLogitsAndEveryGradient_When_NoDropout()
    {
        // Given a small model (K=3, S=2, R=1, D=16, H=4, L=7, B=5) and inputs that require gradients
        var model = new TftLite(new TftLiteOptions(3, [3, 4], 1, Hidden: 16, Heads: 4, Classes: 3, Dropout: 0.1f, Seed: 7));
        var rng = new Random(8);
        var x = new Parameter("x", Tensor.Randn(rng, 1f, 5, 7, 3).Data, 5, 7, 3);
        var reals = new Parameter("r", Tensor.Randn(rng, 1f, 5, 1).Data, 5, 1);
        int[] cats = [0, 3, 2, 1, 1, 0, 2, 2, 0, 1];
        int[] y = [0, 2, 1, 1, 0];
        Tensor[] leaves = [.. model.Parameters, x, reals];

        // When the cross-entropy is backpropagated through the full and the last-step forward (evaluation: no dropout)
        var (fullLogits, fullAttention, fullGrads) = Run(() => model.Forward(x, cats, reals, null), y, leaves);
        var (lastLogits, lastAttention, lastGrads) = Run(() => model.ForwardLastStep(x, cats, reals, null), y, leaves);

        // Then logits, the forecast query's attention row and all parameter and input gradients agree
        lastLogits.Should().Equal(fullLogits, (a, e) => Math.Abs(a - e) <= 1e-6f + (1e-5f * Math.Abs(e)));
        lastAttention.Should().HaveCount(5 * 7);
        for (var b = 0; b < 5; b++)
        {
            lastAttention.AsSpan(b * 7, 7).ToArray().Should().Equal(fullAttention.AsSpan(((b * 7) + 6) * 7, 7).ToArray(),
                (a, e) => Math.Abs(a - e) <= 1e-6f + (1e-5f * Math.Abs(e)));
        }

        for (var i = 0; i < leaves.Length; i++)
        {
            var name = leaves[i] is Parameter p ? p.Name : $"leaf {i}";
            lastGrads[i].Should().Equal(fullGrads[i], (a, e) => Math.Abs(a - e) <= 1e-6f + (1e-4f * Math.Abs(e)), name);
        }

        // and gradients reached the attention queries, the position-wise GRN and the head (nothing vanished)
        var byName = model.Parameters.Select((p, i) => (p.Name, i)).ToDictionary(t => t.Name, t => t.i);
        foreach (var n in new[] { "attn.q.0.weight", "attn.k.3.weight", "ff.fc1.weight", "gate3.fc.weight", "temporal_vsn.var_grns.1.fc1.weight" })
        {
            lastGrads[byName[n]].Should().Contain(v => v != 0f, n);
        }
    }

    [Fact]
    public void ForwardLastStep_Should_AgreeWithCentralDifferences_When_DropoutIsOn()
    {
        // Given a tiny model with dropout 0.3, re-seeded on every call so the masks repeat
        var model = new TftLite(new TftLiteOptions(2, [3], 1, Hidden: 8, Heads: 2, Classes: 3, Dropout: 0.3f, Seed: 9));
        var rng = new Random(10);
        var x = new Parameter("x", Tensor.Randn(rng, 1f, 3, 4, 2).Data, 3, 4, 2);
        var reals = new Parameter("r", Tensor.Randn(rng, 1f, 3, 1).Data, 3, 1);
        int[] cats = [0, 2, 1];
        var byName = model.Parameters.ToDictionary(p => p.Name);
        string[] names = ["attn.q.1.weight", "attn.k.0.weight", "attn.v.weight", "attn.out.bias", "gate2.fc.weight", "ff.fc2.weight",
            "ff.fc1.bias", "norm3.weight", "enrich.fc1.weight", "temporal_vsn.var_grns.1.fc1.weight", "head.weight"];
        Tensor[] inputs = [.. names.Select(n => (Tensor)byName[n]), x, reals];

        // When checking logits against float64 central differences; Then every checked element agrees
        GradCheck.Check(_ => model.ForwardLastStep(x, cats, reals, new Random(4)).Logits, inputs, new GradCheck.Options(MaxElementsPerInput: 20))
            .Should().BeEmpty();
    }

    [Fact]
    public void Summary_Should_AverageTheForecastRow_When_BatchesHoldOnlyTheLastQuery()
    {
        // Given a model and one batch run through both forwards
        var model = new TftLite(new TftLiteOptions(3, [3], 1, Hidden: 8, Heads: 2, Seed: 1));
        var rng = new Random(2);
        var x = Tensor.Randn(rng, 1f, 2, 4, 3);
        var reals = Tensor.Randn(rng, 1f, 2, 1);
        var full = new TftInterpretationSummary(3, 2);
        var last = new TftInterpretationSummary(3, 2);

        // When each summary takes the interpretation of its forward
        using (NoGrad.Scope())
        {
            model.Forward(x, [0, 2], reals, null);
            model.LastInterpretation.QueryRows.Should().Be(4);
            full.Add(model.LastInterpretation);
            model.ForwardLastStep(x, [0, 2], reals, null);
            model.LastInterpretation.QueryRows.Should().Be(1);
            last.Add(model.LastInterpretation);
        }

        // Then the forecast-row attention by lag and the variable importances agree, the row sums to one,
        // and the all-rows average (which needs every query row) is refused
        last.AttentionByLag().Should().Equal(full.AttentionByLag(), (a, e) => Math.Abs(a - e) <= 1e-6);
        last.AttentionByLag().Sum().Should().BeApproximately(1.0, 1e-5);
        last.TemporalImportance().Should().Equal(full.TemporalImportance(), (a, e) => Math.Abs(a - e) <= 1e-6);
        last.StaticImportance().Should().Equal(full.StaticImportance(), (a, e) => Math.Abs(a - e) <= 1e-6);
        var allRows = () => last.AttentionByLag(lastRowOnly: false);
        allRows.Should().Throw<InvalidOperationException>().WithMessage("*ForwardLastStep*");
    }

    private static (float[] Logits, float[] Attention, float[][] Grads) Run(Func<TftLiteOutput> forward, int[] y, Tensor[] leaves)
    {
        foreach (var t in leaves)
        {
            t.ZeroGrad();
        }

        var o = forward();
        Ops.CrossEntropy(o.Logits, y).Backward();
        return (o.Logits.ToArray(), o.Attention.ToArray(), leaves.Select(t => t.Grad!.ToArray()).ToArray());
    }
}
