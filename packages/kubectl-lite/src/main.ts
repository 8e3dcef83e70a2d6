/**
 * kubectl-lite: not built yet. No open issue asks for its verbs so far; until one does, the
 * command says so plainly instead of pretending to work.
 */
process.stderr.write('kubectl-lite: no verbs are implemented yet; use the real kubectl with the kubeconfig miniplane writes\n');
process.exit(1);
