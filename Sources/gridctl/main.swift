import ArgumentParser
import GridCLI

// `--version` alone is answered before the command tree is built: building it costs a
// few milliseconds of runtime type lookups, several times the rest of the process start.
if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
    print(GridCtl.version)
} else {
    GridCtl.main()
}
