using Kosmo.Experiment;

namespace Kosmo.Experiment.Tests.Pipeline;

internal sealed class SilentProgress : IRunProgress
{
    public List<string> Steps { get; } = [];

    public void BeginStep(string name) => Steps.Add(name);

    public void EndStep(string name, TimeSpan elapsed)
    {
    }

    public void Status(string message)
    {
    }

    public void Advance(int done, int total)
    {
    }

    public void Training(string model, int epoch, int epochs, double fraction, double loss, double samplesPerSecond)
    {
    }
}
