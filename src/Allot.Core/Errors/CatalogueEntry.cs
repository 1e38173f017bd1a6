namespace Allot.Core.Errors;

/// <summary>One code of the <see cref="ErrorCatalogue"/>.</summary>
/// <param name="Code">The stable code.</param>
/// <param name="Class">The class the code is raised with; decides the exit code.</param>
/// <param name="System">The system that owns the code (its error table lives in <see cref="ErrorCatalogue.DocOf"/>).</param>
/// <param name="Meaning">One line: what the code means.</param>
public sealed record CatalogueEntry(string Code, ErrorClass Class, string System, string Meaning)
{
    /// <summary>
    /// A second class the code is raised with in another role, e.g. an S4 schema code is input (3) when S4 reads an
    /// input and validation (4) when <c>validate-s4</c> finds it in an output. Docs show both (<c>3/4</c>).
    /// </summary>
    public ErrorClass? AlsoClass { get; init; }

    /// <summary>The exit code(s) as the docs show them: <c>3</c>, or <c>3/4</c> with <see cref="AlsoClass"/>.</summary>
    public string ExitText => AlsoClass is { } also ? $"{(int)Class}/{(int)also}" : ((int)Class).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
}
