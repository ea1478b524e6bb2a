using Kosmo.Tensors;
using Kosmo.Tensors.Optim;

namespace Kosmo.Tensors.Tests.Golden;

/// <summary>Optimisers and clipping against PyTorch 1.13 on a fixed gradient sequence.</summary>
public sealed class OptimGoldenTests
{
    private static readonly string[] GradNames = ["g0", "g1"];

    [Theory]
    [InlineData("sgd_momentum")]
    [InlineData("sgd_nesterov")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void Step_Should_MatchPyTorchParameters_When_FedTheSameGradients(string name)
    {
        // Given the golden initial parameter and optimiser settings
        var c = GoldenCase.Get(name);
        var p0 = c.Input("p");
        var p = new Parameter("p", p0.ToArray(), p0.Shape);
        Optimizer opt = name switch
        {
            "sgd_momentum" => new Sgd([p], 0.1, momentum: 0.9, weightDecay: 0.01),
            "sgd_nesterov" => new Sgd([p], 0.1, momentum: 0.9, nesterov: true),
            "adam" => new Adam([p], 0.01, weightDecay: 0.1),
            _ => new AdamW([p], 0.01, weightDecay: 0.1),
        };
        var after = c.Element.GetProperty("params").EnumerateArray().Select(GoldenCase.ToTensor).ToArray();

        for (var s = 0; s < after.Length; s++)
        {
            // When step s applies the golden gradient
            opt.ZeroGrad();
            c.Tensor("grads", $"g{s}").Span.CopyTo(p.Grad);
            opt.Step();

            // Then the parameter equals PyTorch's after that step
            GoldenCase.ShouldMatch(p.ToArray(), after[s], $"{name} step {s}");
        }
    }

    [Fact]
    public void ClipByGlobalNorm_Should_MatchPyTorchNormAndGradients_When_NormExceedsMax()
    {
        // Given two parameters with the golden gradients
        var c = GoldenCase.Get("clip_grad_norm");
        var ps = GradNames.Select(n =>
        {
            var g = c.Input(n);
            var p = Parameter.CreateZeros(n, g.Shape);
            p.ZeroGrad();
            g.Span.CopyTo(p.Grad);
            return p;
        }).ToArray();

        // When clipped to the golden max norm
        var norm = GradClip.ClipByGlobalNorm(ps, c.AttrDouble("max_norm"));

        // Then the norm and scaled gradients match
        norm.Should().BeApproximately(c.AttrDouble("norm"), 1e-4 * c.AttrDouble("norm"));
        GoldenCase.ShouldMatch(ps[0].Grad!, c.Tensor("grads", "g0"), "g0");
        GoldenCase.ShouldMatch(ps[1].Grad!, c.Tensor("grads", "g1"), "g1");
    }
}
