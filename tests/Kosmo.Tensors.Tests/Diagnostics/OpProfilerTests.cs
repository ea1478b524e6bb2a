using Kosmo.Tensors.Diagnostics;

namespace Kosmo.Tensors.Tests.Diagnostics;

/// <summary>The opt-in profiler charges forward time between sections and each recorded backward step to its section.</summary>
public sealed class OpProfilerTests
{
    [Fact]
    public void Profiler_Should_ChargeForwardAndBackwardTimeToSections_When_Enabled()
    {
        // Given a fake clock that advances 1 ms per reading and a profiler switched on
        var t = 0.0;
        var oldClock = OpProfiler.Clock;
        OpProfiler.Clock = () => t += 1;
        OpProfiler.Enabled = true;
        try
        {
            OpProfiler.Reset();
            var x = new Parameter("x", [1f, 2f], 2);

            // When two sections record ops and the loss is backpropagated
            OpProfiler.Section("a");
            var y = Ops.Tanh(x);
            OpProfiler.Section("b");
            var loss = Ops.SumAll(y);
            OpProfiler.Section("backward");
            loss.Backward();

            // Then both sections have forward time and each backward step was charged to the section that recorded it
            OpProfiler.Forward.Keys.Should().Contain(["a", "b"]);
            OpProfiler.Backward.Keys.Should().BeEquivalentTo(["a", "b"]);
            OpProfiler.Backward["a"].Should().Be(1);
            OpProfiler.Backward["b"].Should().Be(1);
            x.Grad!.Should().HaveCount(2);
        }
        finally
        {
            OpProfiler.Enabled = false;
            OpProfiler.Clock = oldClock;
            OpProfiler.Reset();
        }
    }

    [Fact]
    public void Profiler_Should_RecordNothing_When_Disabled()
    {
        // Given the profiler off (the default)
        OpProfiler.Enabled = false;
        OpProfiler.Reset();

        // When ops run and are backpropagated under sections
        OpProfiler.Section("a");
        var x = new Parameter("x", [0.5f], 1);
        Ops.SumAll(Ops.Exp(x)).Backward();

        // Then no time is charged anywhere and the current section stays the default
        OpProfiler.Forward.Should().BeEmpty();
        OpProfiler.Backward.Should().BeEmpty();
        OpProfiler.Current.Should().Be("other");
    }
}
