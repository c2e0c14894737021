// Clang thread-safety annotations (-Wthread-safety), empty on other compilers.
// They document which mutex guards which member; clang checks them.
#ifndef EKSLITE_CORE_THREAD_ANNOTATIONS_H_
#define EKSLITE_CORE_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define EKS_THREAD_ANNOTATION_(x) __attribute__((x))
#else
#define EKS_THREAD_ANNOTATION_(x)
#endif

#ifndef GUARDED_BY
#define GUARDED_BY(x) EKS_THREAD_ANNOTATION_(guarded_by(x))
#endif
#ifndef PT_GUARDED_BY
#define PT_GUARDED_BY(x) EKS_THREAD_ANNOTATION_(pt_guarded_by(x))
#endif
#ifndef EXCLUSIVE_LOCKS_REQUIRED
#define EXCLUSIVE_LOCKS_REQUIRED(...) EKS_THREAD_ANNOTATION_(exclusive_locks_required(__VA_ARGS__))
#endif
#ifndef LOCKS_EXCLUDED
#define LOCKS_EXCLUDED(...) EKS_THREAD_ANNOTATION_(locks_excluded(__VA_ARGS__))
#endif

#endif  // EKSLITE_CORE_THREAD_ANNOTATIONS_H_
