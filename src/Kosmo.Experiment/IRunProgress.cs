namespace Kosmo.Experiment;

/// <summary>Where the runner reports progress (a Spectre console display, or a silent sink in tests).</summary>
internal interface IRunProgress
{
    void BeginStep(string name);

    void EndStep(string name, TimeSpan elapsed);

    void Status(string message);

    /// <summary>Cells finished of the total in the training step.</summary>
    void Advance(int done, int total);

    /// <summary>Training progress inside a cell (epoch, loss, throughput).</summary>
    void Training(string model, int epoch, int epochs, double fraction, double loss, double samplesPerSecond);
}
