using Kosmo.Models.Training;

namespace Kosmo.Models.Tests.Training;

/// <summary>A synchronous progress sink that records every report and can run an action on each.</summary>
internal sealed class RecordingProgress(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = [];

    public void Report(TrainingProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
