from convert.cli import main

if __name__ == "__main__":  # (not when a worker process is spawned with this as its main module)
    main()
