namespace Kosmo.Experiment.Live;

/// <summary>A prediction asked for data the database or run folder does not hold (exit code 4, one line).</summary>
internal sealed class NoDataException(string message) : FileNotFoundException(message);
