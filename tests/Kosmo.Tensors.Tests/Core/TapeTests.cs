using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Core;

/// <summary>Tape recording, no-grad mode, gradient accumulation, arena reuse and shape errors.</summary>
public sealed class TapeTests
{
    [Fact]
    public void Backward_Should_AccumulateIntoParameters_When_ParameterUsedTwice()
    {
        // Given y = sum(w·w + 3w) for w = [1, 2]
        var w = new Parameter("w", [1f, 2f], 2);

        // When backpropagated
        Ops.SumAll(Ops.Add(Ops.Mul(w, w), Ops.Scale(w, 3f))).Backward();

        // Then dy/dw = 2w + 3
        w.Grad.Should().Equal(5f, 7f);
        Tape.Count.Should().Be(0);
    }

    [Fact]
    public void Ops_Should_RecordNothing_When_InsideNoGradScope()
    {
        // Given a parameter
        var w = new Parameter("w", [1f, 2f], 2);

        // When used under NoGrad
        Tensor y;
        using (NoGrad.Scope())
        {
            y = Ops.SumAll(Ops.Exp(w));
        }

        // Then nothing is recorded and backward refuses clearly
        y.RequiresGrad.Should().BeFalse();
        Tape.Count.Should().Be(0);
        y.Invoking(t => t.Backward()).Should().Throw<InvalidOperationException>().WithMessage("*does not require a gradient*");
    }

    [Fact]
    public void ArenaScope_Should_ReuseBuffersAndKeepResults_When_StepRepeats()
    {
        // Given a small training-like step
        var rng = new Random(1);
        var w = Parameter.CreateNormal("w", rng, 0.5f, 8, 4);
        var x = Tensor.Randn(rng, 1f, 32, 4);
        float Step()
        {
            w.ZeroGrad();
            using (TensorArena.Scope())
            {
                var loss = Ops.MeanAll(Ops.Tanh(Ops.Linear(x, w, null)));
                loss.Backward();
                return loss.Item();
            }
        }

        // When run three times
        var first = Step();
        var gradFirst = (float[])w.Grad!.Clone();
        Step();
        var cached = TensorArena.CachedBytes;
        var third = Step();

        // Then results are identical and the cache stops growing
        third.Should().Be(first);
        w.Grad.Should().Equal(gradFirst);
        TensorArena.CachedBytes.Should().Be(cached).And.BeGreaterThan(0);
    }

    [Fact]
    public void ParameterGrad_Should_SurviveArenaScope_When_FirstAllocatedInsideIt()
    {
        // Given a parameter with no gradient yet
        var w = new Parameter("w", [1f, 2f, 3f], 3);

        // When its gradient is first created by a backward inside an arena scope, then the scope churns buffers
        using (TensorArena.Scope())
        {
            Ops.SumAll(Ops.Scale(w, 2f)).Backward();
        }

        using (TensorArena.Scope())
        {
            var junk = Ops.Affine(Tensor.Full(9f, 3), 1f, 1f);
            junk.Data[0].Should().Be(10f);
        }

        // Then the gradient is intact
        w.Grad.Should().Equal(2f, 2f, 2f);
    }

    [Fact]
    public void Add_Should_NameShapes_When_ShapesDoNotBroadcast()
    {
        var act = () => Ops.Add(Tensor.Zeros(2, 3), Tensor.Zeros(4));
        act.Should().Throw<ArgumentException>().WithMessage("*(2, 3)*(4)*");
    }

    [Fact]
    public void Tensor_Should_RejectRankAboveFour_When_Created()
    {
        var act = () => Tensor.Zeros(1, 2, 3, 4, 5);
        act.Should().Throw<ArgumentException>().WithMessage("*Rank 5*");
    }

    [Fact]
    public void Linear_Should_NameShapes_When_InnerSizesDiffer()
    {
        var act = () => Ops.Linear(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5), null);
        act.Should().Throw<ArgumentException>().WithMessage("Linear: x (2, 3), weight (4, 5)*");
    }
}
