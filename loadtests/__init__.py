"""Load tests of the platform with locust: the user model, load shapes and the headless runner (README.md)."""
