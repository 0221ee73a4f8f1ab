package dev.nabla.optim;

/**
 * Independent double-precision implementations of the update rules as documented for PyTorch's
 * optimizers (torch.optim pseudo-code), written element by element over plain arrays.
 */
final class ReferenceOptimizers {
    private ReferenceOptimizers() {
    }

    /** Updates every {@code params[k]} in place from {@code grads[k]}. */
    interface Rule {
        void step(double[][] params, double[][] grads);
    }

    /** Per-parameter state arrays, created lazily. */
    abstract static class Stateful implements Rule {
        int t;
        double[][] a;
        double[][] b;
        double[][] c;

        @Override
        public void step(double[][] params, double[][] grads) {
            t++;
            if (a == null) {
                a = zeros(params);
                b = zeros(params);
                c = zeros(params);
            }
            for (int k = 0; k < params.length; k++) {
                for (int i = 0; i < params[k].length; i++) {
                    params[k][i] = update(params[k][i], grads[k][i], k, i);
                }
            }
        }

        abstract double update(double p, double g, int k, int i);

        private static double[][] zeros(double[][] like) {
            double[][] z = new double[like.length][];
            for (int k = 0; k < like.length; k++) {
                z[k] = new double[like[k].length];
            }
            return z;
        }
    }

    static Rule sgd(double lr, double momentum, double dampening, double wd, boolean nesterov) {
        return new Stateful() {
            @Override
            double update(double p, double g, int k, int i) {
                g += wd * p;
                if (momentum != 0) {
                    a[k][i] = t == 1 ? g : momentum * a[k][i] + (1 - dampening) * g;
                    g = nesterov ? g + momentum * a[k][i] : a[k][i];
                }
                return p - lr * g;
            }
        };
    }

    static Rule adam(double lr, double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
        return new Stateful() {
            @Override
            double update(double p, double g, int k, int i) {
                if (decoupled) {
                    p *= 1 - lr * wd;
                } else {
                    g += wd * p;
                }
                a[k][i] = b1 * a[k][i] + (1 - b1) * g;
                b[k][i] = b2 * b[k][i] + (1 - b2) * g * g;
                double mHat = a[k][i] / (1 - Math.pow(b1, t));
                double v = b[k][i];
                if (amsgrad) {
                    c[k][i] = Math.max(c[k][i], v);
                    v = c[k][i];
                }
                double vHat = v / (1 - Math.pow(b2, t));
                return p - lr * mHat / (Math.sqrt(vHat) + eps);
            }
        };
    }

    static Rule rmsprop(double lr, double alpha, double eps, double wd, double momentum, boolean centered) {
        return new Stateful() {
            @Override
            double update(double p, double g, int k, int i) {
                g += wd * p;
                a[k][i] = alpha * a[k][i] + (1 - alpha) * g * g;
                double vTilde = a[k][i];
                if (centered) {
                    b[k][i] = alpha * b[k][i] + (1 - alpha) * g;
                    vTilde -= b[k][i] * b[k][i];
                }
                if (momentum > 0) {
                    c[k][i] = momentum * c[k][i] + g / (Math.sqrt(vTilde) + eps);
                    return p - lr * c[k][i];
                }
                return p - lr * g / (Math.sqrt(vTilde) + eps);
            }
        };
    }

    static Rule adagrad(double lr, double lrDecay, double wd, double initialAccumulator, double eps) {
        return new Stateful() {
            @Override
            double update(double p, double g, int k, int i) {
                if (t == 1 && a[k][i] == 0) {
                    a[k][i] = initialAccumulator;
                }
                g += wd * p;
                double clr = lr / (1 + (t - 1) * lrDecay);
                a[k][i] += g * g;
                return p - clr * g / (Math.sqrt(a[k][i]) + eps);
            }
        };
    }
    static Rule adamax(double lr, double b1, double b2, double eps, double wd) {
        return new Stateful() {
            @Override
            double update(double p, double g, int k, int i) {
                g += wd * p;
                a[k][i] = b1 * a[k][i] + (1 - b1) * g;
                b[k][i] = Math.max(b2 * b[k][i], Math.abs(g) + eps);
                return p - lr / (1 - Math.pow(b1, t)) * a[k][i] / b[k][i];
            }
        };
    }

    /** NAdam; {@code c} holds the product of the momentum schedule (the same for every element). */
    static Rule nadam(double lr, double b1, double b2, double eps, double wd, double psi, boolean decoupled) {
        return new Stateful() {
            @Override
            double update(double p, double g, int k, int i) {
                if (decoupled) {
                    p *= 1 - lr * wd;
                } else {
                    g += wd * p;
                }
                double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
                double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
                c[k][i] = (t == 1 ? 1 : c[k][i]) * mu;
                a[k][i] = b1 * a[k][i] + (1 - b1) * g;
                b[k][i] = b2 * b[k][i] + (1 - b2) * g * g;
                double denom = Math.sqrt(b[k][i] / (1 - Math.pow(b2, t))) + eps;
                return p - lr * (1 - mu) / (1 - c[k][i]) * g / denom
                        - lr * muNext / (1 - c[k][i] * muNext) * a[k][i] / denom;
            }
        };
    }

    static Rule radam(double lr, double b1, double b2, double eps, double wd, boolean decoupled) {
        return new Stateful() {
            @Override
            double update(double p, double g, int k, int i) {
                if (decoupled) {
                    p *= 1 - lr * wd;
                } else {
                    g += wd * p;
                }
                a[k][i] = b1 * a[k][i] + (1 - b1) * g;
                b[k][i] = b2 * b[k][i] + (1 - b2) * g * g;
                double mHat = a[k][i] / (1 - Math.pow(b1, t));
                double rhoInf = 2 / (1 - b2) - 1;
                double rho = rhoInf - 2 * t * Math.pow(b2, t) / (1 - Math.pow(b2, t));
                if (rho <= 5) {
                    return p - lr * mHat;
                }
                double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                double adaptive = Math.sqrt(1 - Math.pow(b2, t)) / (Math.sqrt(b[k][i]) + eps);
                return p - lr * mHat * r * adaptive;
            }
        };
    }

    static Rule adadelta(double lr, double rho, double eps, double wd) {
        return new Stateful() {
            @Override
            double update(double p, double g, int k, int i) {
                g += wd * p;
                a[k][i] = rho * a[k][i] + (1 - rho) * g * g;
                double delta = Math.sqrt(b[k][i] + eps) / Math.sqrt(a[k][i] + eps) * g;
                b[k][i] = rho * b[k][i] + (1 - rho) * delta * delta;
                return p - lr * delta;
            }
        };
    }
}
