namespace Kosmo.Experiment;

/// <summary>An open peak-RSS measurement of <see cref="MemoryProbe"/>: the peak carried over kernel resets made while it was open.</summary>
internal sealed class PeakMark
{
    /// <summary>Largest peak RSS (bytes) read at a reset while this mark was open.</summary>
    public long Carried { get; set; }
}
