using Kosmo.Tensors;

namespace Kosmo.Models.Meta;

/// <summary>A copy of the values of a parameter list, to restore after an adaptation (gradients are not kept).</summary>
public sealed class ParameterSnapshot
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly float[][] _values;

    private ParameterSnapshot(IReadOnlyList<Parameter> parameters)
    {
        _parameters = parameters;
        _values = parameters.Select(p => p.Span.ToArray()).ToArray();
    }

    /// <summary>The saved values, one array per parameter in order.</summary>
    public IReadOnlyList<float[]> Values => _values;

    /// <summary>Copies the current values of <paramref name="parameters"/>.</summary>
    public static ParameterSnapshot Capture(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new ParameterSnapshot(parameters);
    }

    /// <summary>Writes the saved values back into the same parameters.</summary>
    public void Restore()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i].CopyTo(_parameters[i].Span);
        }
    }
}
