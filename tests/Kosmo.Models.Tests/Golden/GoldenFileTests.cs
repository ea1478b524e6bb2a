using Kosmo.Testing;

namespace Kosmo.Models.Tests.Golden;

/// <summary>
/// The TFT-Lite golden fixture (tools/golden/tft_lite_export.py) is internally consistent, so the model tests that
/// will compare against it start from a file that is known to be right.
/// </summary>
public sealed class GoldenFileTests
{
    private static readonly Lazy<GoldenFile> _golden = new(() => GoldenFile.Load(TestData.Fixture("tft_lite", "tft_lite_small.json")));

    [Fact]
    public void Load_Should_FindEveryTensorWithItsShape_When_ReadingTheSmallFixture()
    {
        // Given the fixture
        var g = _golden.Value;
        var c = g.Config;
        int b = c.GetProperty("batch").GetInt32(), l = c.GetProperty("lookback").GetInt32(), k = c.GetProperty("n_real").GetInt32();
        int d = c.GetProperty("hidden").GetInt32(), classes = c.GetProperty("classes").GetInt32();

        // Then the tensors tile the binary exactly and have the documented shapes
        g.Tensors.Sum(t => 4L * t.Count).Should().Be(g.BinLength);
        g.Input("x_real").Shape.Should().Equal(b, l, k);
        g.Input("s_cat").Ints.Should().HaveCount(b * 2);
        g.Output("logits").Shape.Should().Equal(b, classes);
        g.Output("attention").Shape.Should().Equal(b, l, l);
        g.Output("loss").Shape.Should().BeEmpty();
        g.Intermediate("psi").Shape.Should().Equal(b, l, d);
        g.Parameter("head.weight").Shape.Should().Equal(classes, d);
        g.Parameter("lstm.weight_ih_l0").Shape.Should().Equal(4 * d, d);
        g.Parameters.Sum(p => p.Count).Should().Be(g.Manifest.GetProperty("parameter_count").GetInt32());
        foreach (var p in g.Parameters)
        {
            g.Gradient(p.Name).Shape.Should().Equal(p.Shape);
        }
    }

    [Fact]
    public void Outputs_Should_BeSoftmaxOfLogits_And_GiveTheLoss_When_Recomputed()
    {
        var g = _golden.Value;
        var logits = g.Output("logits");
        var probs = g.Output("probabilities");
        var y = g.Input("y").Ints;
        double loss = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var row = Enumerable.Range(0, 3).Select(j => (double)logits.At(i, j)).ToArray();
            var max = row.Max();
            var z = row.Sum(v => Math.Exp(v - max));
            for (var j = 0; j < 3; j++)
            {
                probs.At(i, j).Should().BeApproximately((float)(Math.Exp(row[j] - max) / z), 1e-6f);
            }

            Enumerable.Range(0, 3).Sum(j => probs.At(i, j)).Should().BeApproximately(1f, 1e-6f);
            loss -= (row[y[i]] - max - Math.Log(z)) / y.Length;
        }

        loss.Should().BeApproximately(g.Loss, 1e-6);
        g.Output("loss").Values[0].Should().BeApproximately((float)g.Loss, 1e-6f);
    }

    [Fact]
    public void Attention_Should_BeCausalRowStochastic_When_Read()
    {
        var g = _golden.Value;
        var a = g.Output("attention");
        int b = a.Shape[0], l = a.Shape[1];
        for (var n = 0; n < b; n++)
        {
            for (var q = 0; q < l; q++)
            {
                var sum = 0.0;
                for (var kk = 0; kk < l; kk++)
                {
                    if (kk > q)
                    {
                        a.At(n, q, kk).Should().Be(0f, "step {0} must not attend to the later step {1}", q, kk);
                    }

                    sum += a.At(n, q, kk);
                }

                sum.Should().BeApproximately(1.0, 1e-5);
            }

            a.At(n, 0, 0).Should().BeApproximately(1f, 1e-6f); // the first step can only attend to itself
        }

        RowsSumToOne(g.Output("temporal_weights"));
        RowsSumToOne(g.Output("static_weights"));
    }

    [Fact]
    public void HeadParameters_Should_MapLastPsiToLogits_And_CarryTheCrossEntropyGradient()
    {
        // Given psi (B, L, D), head.weight (C, D) and head.bias (C)
        var g = _golden.Value;
        var psi = g.Intermediate("psi");
        var w = g.Parameter("head.weight");
        var bias = g.Parameter("head.bias");
        var probs = g.Output("probabilities");
        var y = g.Input("y").Ints;
        int b = psi.Shape[0], l = psi.Shape[1], d = psi.Shape[2], c = bias.Shape[0];
        for (var j = 0; j < c; j++)
        {
            double gradBias = 0;
            for (var n = 0; n < b; n++)
            {
                // Then logits = psi[:, -1] · Wᵀ + b  (nn.Linear layout)
                double z = bias.Values[j];
                for (var i = 0; i < d; i++)
                {
                    z += (double)psi.At(n, l - 1, i) * w.At(j, i);
                }

                g.Output("logits").At(n, j).Should().BeApproximately((float)z, 1e-5f);
                gradBias += (probs.At(n, j) - (y[n] == j ? 1.0 : 0.0)) / b;
            }

            // and dLoss/dbias = mean(softmax − onehot)
            g.Gradient("head.bias").Values[j].Should().BeApproximately((float)gradBias, 1e-6f);
        }
    }

    private static void RowsSumToOne(GoldenTensor t)
    {
        var width = t.Shape[^1];
        for (var r = 0; r < t.Count / width; r++)
        {
            t.Values.AsSpan(r * width, width).ToArray().Sum().Should().BeApproximately(1f, 1e-5f);
            t.Values.AsSpan(r * width, width).ToArray().Should().OnlyContain(v => v >= 0f);
        }
    }
}
