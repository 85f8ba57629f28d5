import ArgumentParser
import GridCLI

GridCtl.main()
