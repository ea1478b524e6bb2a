namespace Kosmo.Reports.Charts;

/// <summary>Maps data values to pixel positions along one axis.</summary>
internal interface IScale
{
    /// <summary>Lower end of the data domain.</summary>
    double DomainMin { get; }

    /// <summary>Upper end of the data domain.</summary>
    double DomainMax { get; }

    /// <summary>The pixel position of a data value (finite for finite, in-domain input).</summary>
    double Map(double value);

    /// <summary>About <paramref name="count"/> tick values inside the domain.</summary>
    IReadOnlyList<double> Ticks(int count);
}
